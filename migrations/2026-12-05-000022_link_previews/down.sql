DROP TABLE message_previews;
DROP TABLE link_previews;
