-- A link preview's picture and the author a page's oEmbed names. The picture
-- is a copy kept like an upload (fetched by the server, stripped, thumbnailed),
-- so readers never load it from the page's server.
ALTER TABLE link_previews
    ADD COLUMN author_name text,
    ADD COLUMN image_media_id uuid REFERENCES media (id) ON DELETE SET NULL;
CREATE INDEX link_previews_image ON link_previews (image_media_id) WHERE image_media_id IS NOT NULL;
