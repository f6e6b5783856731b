ALTER TABLE link_previews DROP COLUMN image_media_id, DROP COLUMN author_name;
