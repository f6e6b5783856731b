DROP INDEX messages_with_links; DROP INDEX messages_by_author;
