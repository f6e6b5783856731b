-- Seeds a Confab database with people, conversations and many messages, for
-- measuring search (scripts/bench search). Run with psql:
--   psql -v messages=1000000 -v users=2000 -v template=<username> -f seed_messages.sql
-- Every seeded user gets the password of the existing user :template (so the
-- load generator can log in as any of them) and is named seed_<n>.
--
-- The shape: each user has 6 DMs and is in 3 of 100 groups of 60 members;
-- seed_1 to seed_5 are "power users" in every group. Half the messages go to
-- groups, half to DMs, spread over the past year, oldest first. 90% of bodies
-- are 4 to 20 words: 70% from 200 common words (a few with accents), picked
-- log-uniformly (a few words are very common, as in chat), 30% from a long
-- tail of 100,000 rare "words"; 2% of those end with a link. The other 10% are
-- Chinese, Japanese or Korean: 2 to 8 words of each language's own list,
-- written without spaces (Chinese, Japanese) or with (Korean). 1% of messages
-- carry an image, 0.1% are pinned.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET maintenance_work_mem = '512MB';
SET work_mem = '64MB';

-- A UUIDv7 for a time: 48 bits of milliseconds, then random bits.
CREATE FUNCTION pg_temp.uuid7(at timestamptz) RETURNS uuid LANGUAGE sql AS $$
    SELECT (lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0')
            || '7' || substr(md5(random()::text), 1, 3)
            || to_hex(8 + floor(random() * 4)::int)
            || substr(md5(random()::text), 1, 15))::uuid
$$;

CREATE TEMP TABLE seed_users AS
SELECT n, pg_temp.uuid7(now() - interval '400 days') AS id
  FROM generate_series(1, :users) AS n;

INSERT INTO users (id, username, password_hash, created_at)
SELECT id, 'seed_' || n, (SELECT password_hash FROM users WHERE username = :'template'),
       now() - interval '400 days'
  FROM seed_users;

-- DMs: user n with users n+1, n+7 and n+31 (wrapping): 6 DMs each.
CREATE TEMP TABLE seed_dms AS
SELECT pg_temp.uuid7(now() - interval '400 days') AS id, a.id AS a, b.id AS b
  FROM seed_users a
  CROSS JOIN (VALUES (1), (7), (31)) AS step(k)
  JOIN seed_users b ON b.n = 1 + (a.n - 1 + step.k) % :users;

INSERT INTO conversations (id, kind, dm_key, created_at)
SELECT id, 'dm', least(a, b)::text || ':' || greatest(a, b)::text, now() - interval '400 days'
  FROM seed_dms;
INSERT INTO conversation_members (conversation_id, user_id)
SELECT id, a FROM seed_dms UNION ALL SELECT id, b FROM seed_dms;
INSERT INTO friendships (user_id, friend_id)
SELECT a, b FROM seed_dms UNION SELECT b, a FROM seed_dms;

-- 100 groups of 60: member n joins groups n%100, (n*7)%100 and (n*13)%100
-- (so 3 or fewer), plus the power users everywhere.
CREATE TEMP TABLE seed_groups AS
SELECT g, pg_temp.uuid7(now() - interval '400 days') AS conversation_id,
       pg_temp.uuid7(now() - interval '400 days') AS group_id
  FROM generate_series(0, 99) AS g;
INSERT INTO conversations (id, kind, created_at)
SELECT conversation_id, 'group', now() - interval '400 days' FROM seed_groups;
INSERT INTO groups (id, conversation_id, name, kind, owner_id)
SELECT group_id, conversation_id, 'Seed group ' || g, 'private',
       (SELECT id FROM seed_users WHERE n = 1)
  FROM seed_groups;
INSERT INTO conversation_members (conversation_id, user_id)
SELECT DISTINCT sg.conversation_id, u.id
  FROM seed_users u
  CROSS JOIN (VALUES (1), (7), (13)) AS step(k)
  JOIN seed_groups sg ON sg.g = (u.n * step.k) % 100
 WHERE u.n > 5
UNION
SELECT sg.conversation_id, u.id FROM seed_users u CROSS JOIN seed_groups sg WHERE u.n <= 5;

-- Every conversation with its members, numbered, to pick from by index.
CREATE TEMP TABLE seed_targets AS
SELECT row_number() OVER (ORDER BY c.kind, c.id) - 1 AS idx, c.kind, c.id,
       array_agg(m.user_id) AS members
  FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
 WHERE c.id IN (SELECT id FROM seed_dms UNION ALL SELECT conversation_id FROM seed_groups)
 GROUP BY c.kind, c.id;
CREATE INDEX ON seed_targets (idx);
ANALYZE seed_targets;

-- The search index is built once after the load (faster than row by row).
DROP INDEX messages_search;

INSERT INTO messages (id, conversation_id, author_id, body, created_at, pinned_at)
SELECT pg_temp.uuid7(m.at), t.id,
       t.members[1 + floor(random() * array_length(t.members, 1))::int],
       CASE WHEN m.i % 10 = 3 THEN m.cjk ELSE m.latin END, m.at,
       CASE WHEN m.i % 1000 = 11 THEN m.at END
  FROM (
    SELECT i,
           now() - interval '365 days' + (i * interval '365 days' / :messages) AS at,
           -- groups are idx 0-99 after the DMs (kind 'dm' sorts first)
           CASE WHEN random() < 0.5
                THEN (SELECT count(*) FROM seed_dms) + floor(random() * 100)::int
                ELSE floor(random() * (SELECT count(*) FROM seed_dms))::int
           END AS target,
           (SELECT string_agg(
                CASE WHEN random() < 0.7
                     THEN (ARRAY[
                        'the','i','you','to','a','and','it','is','that','of','in','for','me','on','so',
                        'we','have','but','just','be','this','not','do','my','are','with','can','what','was','at',
                        'like','yes','no','ok','get','will','all','know','if','going','think','now','good','your','about',
                        'out','they','one','time','go','lol','up','see','how','there','got','want','he','when','yeah',
                        'well','did','today','right','really','would','she','need','tomorrow','work','some','back','thanks','then','an',
                        'meeting','people','here','day','come','still','too','much','make','sure','by','or','from','said','why',
                        'tonight','dinner','home','later','maybe','love','hope','sorry','morning','night','week','weekend','let','call','text',
                        'pizza','coffee','movie','game','train','office','party','birthday','music','picture','photo','video','link','file','project',
                        'deadline','release','bug','deploy','server','database','review','merge','branch','test','build','ticket','sprint','standup','demo',
                        'holiday','flight','hotel','beach','mountain','ski','snow','rain','sun','weather','garden','kitchen','recipe','cake','bread',
                        'football','match','score','team','coach','gym','run','bike','walk','dog','cat','kids','school','teacher','homework',
                        'doctor','appointment','pharmacy','insurance','bank','rent','landlord','plumber','car','garage','parking','bus','ticket2','station','airport',
                        'guitar','concert','album','song','band','festival','museum','gallery','book','library','novel','café','chess','deployment','résumé'
                     ])[floor(power(200, random()))::int]
                     ELSE 'w' || floor(power(100000, random()))::int
                END, ' ')
              FROM generate_series(1, 4 + (i % 17)) AS w)
           || CASE WHEN i % 50 = 7 THEN ' https://example.com/' || i ELSE '' END AS latin,
           (SELECT CASE i % 3
                WHEN 0 THEN string_agg((ARRAY[
                    '我家','在','上海','东边','北京','明天','开会','咖啡','项目','发布','周末','朋友',
                    '吃饭','电影','天气','很好','我们','今天','工作','问题','时间','学校','老师','火车'
                    ])[1 + floor(random() * 24)::int], '') || '。'
                WHEN 1 THEN string_agg((ARRAY[
                    '東京','タワー','に','行った','会議','明日','ラーメン','食べ','ました','駅','で',
                    '待って','います','写真','送り','ます','週末','友達','と','映画','を','見る','電車','雨'
                    ])[1 + floor(random() * 24)::int], '') || '。'
                ELSE string_agg((ARRAY[
                    '서울에서','만나요','내일','회의','커피','마셔요','주말에','친구','영화','봐요',
                    '오늘','날씨','좋아요','학교','선생님','기차','사진','보내요','점심','먹어요',
                    '부산','여행','가요','감사합니다'
                    ])[1 + floor(random() * 24)::int], ' ')
                END
              FROM generate_series(1, 2 + (i % 7)) AS w) AS cjk
      FROM generate_series(1, :messages) AS i
  ) m
  JOIN seed_targets t ON t.idx = m.target
 ORDER BY m.i;

-- 1% carry an image (its author's upload; the bytes are not needed to search).
CREATE TEMP TABLE seed_images AS
SELECT m.id AS message_id, m.author_id, m.created_at, gen_random_uuid() AS media_id
  FROM messages m
 WHERE m.author_id IN (SELECT id FROM seed_users) AND random() < 0.01;
INSERT INTO media (id, uploader_id, kind, mime, size, sha256, width, height, status, created_at, attached_at)
SELECT media_id, author_id, 'image', 'image/png', 1000, decode(md5(media_id::text), 'hex'), 20, 10,
       'ready', created_at, created_at
  FROM seed_images;
INSERT INTO message_attachments (message_id, media_id, position)
SELECT message_id, media_id, 0 FROM seed_images;

CREATE INDEX messages_search ON messages USING gin (conversation_id, search)
    WHERE deleted_at IS NULL;
VACUUM ANALYZE messages;
VACUUM ANALYZE conversation_members;
VACUUM ANALYZE message_attachments;
VACUUM ANALYZE media;
