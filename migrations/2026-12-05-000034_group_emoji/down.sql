DROP TABLE group_emoji;
