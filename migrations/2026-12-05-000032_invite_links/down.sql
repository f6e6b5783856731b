DROP TABLE group_invite_links;
