// The Diesel view of the SQL in `migrations/`; keep the two in step.

diesel::table! {
    users (id) {
        id -> Uuid,
        username -> Text,
        password_hash -> Nullable<Text>,
        email -> Nullable<Text>,
        display_name -> Nullable<Text>,
        bio -> Text,
        status_text -> Text,
        avatar_media_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        last_seen_at -> Nullable<Timestamptz>,
        deleted_at -> Nullable<Timestamptz>,
        email_verified_at -> Nullable<Timestamptz>,
        totp_secret -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamptz>,
        totp_last_step -> Nullable<Int8>,
        bot_owner_id -> Nullable<Uuid>,
        bot -> Bool,
        link_previews -> Bool,
        push_previews -> Bool,
        dnd_until -> Nullable<Timestamptz>,
        dnd_start_minute -> Nullable<Int2>,
        dnd_end_minute -> Nullable<Int2>,
        dnd_time_zone -> Nullable<Text>,
        site_admin -> Bool,
        disabled_at -> Nullable<Timestamptz>,
        disabled_reason -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Uuid,
        user_id -> Uuid,
        created_at -> Timestamptz,
        last_used_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        user_agent -> Nullable<Text>,
        ip -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Bytea,
        session_id -> Uuid,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    user_identities (issuer, subject) {
        issuer -> Text,
        subject -> Text,
        user_id -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    account_links (token_hash) {
        token_hash -> Bytea,
        user_id -> Uuid,
        purpose -> Text,
        email -> Nullable<Text>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    recovery_codes (user_id, code_hash) {
        user_id -> Uuid,
        code_hash -> Bytea,
        created_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    account_events (id) {
        id -> Uuid,
        user_id -> Uuid,
        kind -> Text,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    passkeys (id) {
        id -> Uuid,
        user_id -> Uuid,
        credential_id -> Bytea,
        name -> Text,
        passkey -> Jsonb,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    data_exports (id) {
        id -> Uuid,
        user_id -> Uuid,
        status -> Text,
        size_bytes -> Nullable<Int8>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    access_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        name -> Text,
        scopes -> Array<Text>,
        secret_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Nullable<Timestamptz>,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(access_tokens -> users (user_id));
diesel::joinable!(user_identities -> users (user_id));
diesel::joinable!(data_exports -> users (user_id));
diesel::joinable!(passkeys -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(account_links -> users (user_id));
diesel::joinable!(recovery_codes -> users (user_id));
diesel::joinable!(account_events -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    access_tokens,
    sessions,
    refresh_tokens,
    user_identities,
    account_links,
    recovery_codes,
    account_events,
    passkeys,
    data_exports,
);

diesel::table! {
    friend_requests (id) {
        id -> Uuid,
        from_user_id -> Uuid,
        to_user_id -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    friendships (user_id, friend_id) {
        user_id -> Uuid,
        friend_id -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    blocks (blocker_id, blocked_id) {
        blocker_id -> Uuid,
        blocked_id -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    conversations (id) {
        id -> Uuid,
        kind -> Text,
        dm_key -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    conversation_members (conversation_id, user_id) {
        conversation_id -> Uuid,
        user_id -> Uuid,
        joined_at -> Timestamptz,
        last_read_message_id -> Nullable<Uuid>,
        role_id -> Nullable<Uuid>,
        notify_level -> Text,
        muted -> Bool,
        muted_until -> Nullable<Timestamptz>,
        timed_out_until -> Nullable<Timestamptz>,
        last_sent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    messages (id) {
        id -> Uuid,
        conversation_id -> Uuid,
        author_id -> Nullable<Uuid>,
        body -> Nullable<Text>,
        reply_to_id -> Nullable<Uuid>,
        nonce -> Nullable<Text>,
        created_at -> Timestamptz,
        edited_at -> Nullable<Timestamptz>,
        deleted_at -> Nullable<Timestamptz>,
        system -> Nullable<Jsonb>,
        pinned_at -> Nullable<Timestamptz>,
        pinned_by -> Nullable<Uuid>,
        forwarded_from_id -> Nullable<Uuid>,
        thread_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    message_reactions (message_id, emoji, user_id) {
        message_id -> Uuid,
        emoji -> Text,
        user_id -> Uuid,
        created_at -> Timestamptz,
        conversation_id -> Uuid,
    }
}

diesel::table! {
    message_mentions (user_id, conversation_id, message_id) {
        user_id -> Uuid,
        conversation_id -> Uuid,
        message_id -> Uuid,
    }
}

diesel::table! {
    groups (id) {
        id -> Uuid,
        conversation_id -> Uuid,
        name -> Text,
        description -> Text,
        photo_media_id -> Nullable<Uuid>,
        kind -> Text,
        handle -> Nullable<Text>,
        owner_id -> Uuid,
        default_role_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        slowmode_secs -> Int4,
    }
}

diesel::table! {
    group_roles (id) {
        id -> Uuid,
        group_id -> Uuid,
        name -> Text,
        colour -> Nullable<Text>,
        priority -> Int4,
        permissions -> Array<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    group_bans (group_id, user_id) {
        group_id -> Uuid,
        user_id -> Uuid,
        banned_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    group_invites (id) {
        id -> Uuid,
        group_id -> Uuid,
        inviter_id -> Uuid,
        invitee_id -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    media (id) {
        id -> Uuid,
        uploader_id -> Uuid,
        kind -> Text,
        mime -> Text,
        size -> Int8,
        sha256 -> Bytea,
        width -> Nullable<Int4>,
        height -> Nullable<Int4>,
        duration_ms -> Nullable<Int8>,
        status -> Text,
        has_thumbnail -> Bool,
        created_at -> Timestamptz,
        attached_at -> Nullable<Timestamptz>,
        waveform -> Nullable<Bytea>,
    }
}

diesel::table! {
    message_attachments (message_id, position) {
        message_id -> Uuid,
        media_id -> Uuid,
        position -> Int2,
        conversation_id -> Uuid,
    }
}

diesel::table! {
    notifications (id) {
        id -> Uuid,
        user_id -> Uuid,
        kind -> Text,
        actor_id -> Nullable<Uuid>,
        data -> Jsonb,
        created_at -> Timestamptz,
        read_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Int8,
        event_type -> Text,
        recipients -> Array<Uuid>,
        payload -> Jsonb,
        created_at -> Timestamptz,
        seq -> Nullable<Int8>,
    }
}

use diesel::sql_types::{Array, Jsonb, Nullable, Text, Timestamptz, Uuid};

diesel::define_sql_function! {
    /// See migrations: the checks, the messages and their outbox rows, for a
    /// batch of sends, in one call.
    #[allow(clippy::too_many_arguments)]
    fn confab_send_messages(
        conversations: Array<Uuid>,
        authors: Array<Uuid>,
        ids: Array<Uuid>,
        bodies: Array<Text>,
        reply_tos: Array<Nullable<Uuid>>,
        nonces: Array<Nullable<Text>>,
        created_ats: Array<Timestamptz>,
        payloads: Array<Jsonb>,
        event_type: Text,
        threads: Array<Nullable<Uuid>>,
    ) -> Array<SmallInt>;
}

diesel::define_sql_function! {
    /// See migrations: the one rule of who may write into a conversation.
    fn confab_write_check(conversation: Uuid, author: Uuid) -> SmallInt;
}

diesel::joinable!(conversation_members -> conversations (conversation_id));
diesel::joinable!(conversation_members -> users (user_id));
diesel::joinable!(messages -> conversations (conversation_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(groups -> conversations (conversation_id));
diesel::joinable!(message_attachments -> messages (message_id));
diesel::joinable!(message_attachments -> media (media_id));
diesel::joinable!(group_roles -> groups (group_id));
diesel::joinable!(conversation_members -> group_roles (role_id));
diesel::joinable!(group_bans -> groups (group_id));
diesel::joinable!(group_invites -> groups (group_id));
diesel::joinable!(message_reactions -> messages (message_id));
diesel::joinable!(message_reactions -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    media,
    message_attachments,
    groups,
    group_roles,
    group_bans,
    group_invites,
    friend_requests,
    friendships,
    blocks,
    conversations,
    conversation_members,
    messages,
    message_reactions,
    message_mentions,
    notifications,
);

diesel::table! {
    link_previews (url) {
        url -> Text,
        fetched_at -> Timestamptz,
        ok -> Bool,
        title -> Nullable<Text>,
        description -> Nullable<Text>,
        site_name -> Nullable<Text>,
        author_name -> Nullable<Text>,
        image_media_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    message_previews (message_id, position) {
        message_id -> Uuid,
        position -> Int2,
        url -> Text,
        removed -> Bool,
        conversation_id -> Uuid,
    }
}

diesel::joinable!(message_previews -> link_previews (url));
diesel::allow_tables_to_appear_in_same_query!(message_previews, link_previews);
diesel::allow_tables_to_appear_in_same_query!(message_previews, messages);
diesel::joinable!(link_previews -> media (image_media_id));
diesel::allow_tables_to_appear_in_same_query!(link_previews, media);
diesel::allow_tables_to_appear_in_same_query!(message_previews, media);

diesel::table! {
    message_edits (message_id, version) {
        message_id -> Uuid,
        version -> Int4,
        body -> Text,
        written_at -> Timestamptz,
        replaced_at -> Timestamptz,
        conversation_id -> Uuid,
    }
}

diesel::table! {
    drafts (user_id, conversation_id) {
        user_id -> Uuid,
        conversation_id -> Uuid,
        body -> Text,
        reply_to_id -> Nullable<Uuid>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    group_webhooks (id) {
        id -> Uuid,
        group_id -> Uuid,
        user_id -> Uuid,
        created_by -> Nullable<Uuid>,
        token_hash -> Bytea,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    webhook_subscriptions (id) {
        id -> Uuid,
        user_id -> Nullable<Uuid>,
        group_id -> Nullable<Uuid>,
        conversation_id -> Nullable<Uuid>,
        created_by -> Nullable<Uuid>,
        url -> Text,
        secret -> Text,
        event_types -> Array<Text>,
        created_at -> Timestamptz,
        disabled_at -> Nullable<Timestamptz>,
        disabled_reason -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Uuid,
        subscription_id -> Uuid,
        event_seq -> Int8,
        event_type -> Text,
        payload -> Jsonb,
        created_at -> Timestamptz,
        state -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        claimed_until -> Nullable<Timestamptz>,
        finished_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    webhook_attempts (delivery_id, attempt) {
        delivery_id -> Uuid,
        attempt -> Int4,
        at -> Timestamptz,
        status -> Nullable<Int4>,
        latency_ms -> Int4,
        error -> Nullable<Text>,
    }
}

diesel::joinable!(group_webhooks -> groups (group_id));
diesel::joinable!(group_webhooks -> users (user_id));
diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::allow_tables_to_appear_in_same_query!(
    group_webhooks,
    webhook_subscriptions,
    webhook_deliveries,
    webhook_attempts,
);
diesel::allow_tables_to_appear_in_same_query!(users, group_webhooks);
diesel::allow_tables_to_appear_in_same_query!(drafts, conversation_members);
diesel::allow_tables_to_appear_in_same_query!(drafts, messages);
diesel::allow_tables_to_appear_in_same_query!(groups, group_webhooks);

diesel::table! {
    push_subscriptions (id) {
        id -> Uuid,
        user_id -> Uuid,
        session_id -> Uuid,
        endpoint -> Text,
        p256dh -> Text,
        auth -> Text,
        created_at -> Timestamptz,
        last_pushed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    push_deliveries (id) {
        id -> Int8,
        subscription_id -> Uuid,
        user_id -> Uuid,
        event_type -> Text,
        payload -> Jsonb,
        created_at -> Timestamptz,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        claimed_until -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(push_deliveries -> push_subscriptions (subscription_id));
diesel::allow_tables_to_appear_in_same_query!(push_subscriptions, push_deliveries);

diesel::table! {
    threads (root_id) {
        root_id -> Uuid,
        conversation_id -> Uuid,
        reply_count -> Int4,
        last_reply_id -> Nullable<Uuid>,
        last_reply_at -> Nullable<Timestamptz>,
        last_repliers -> Array<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    thread_members (root_id, user_id) {
        root_id -> Uuid,
        user_id -> Uuid,
        following -> Bool,
        last_read_id -> Nullable<Uuid>,
        conversation_id -> Uuid,
    }
}

diesel::joinable!(thread_members -> threads (root_id));
diesel::allow_tables_to_appear_in_same_query!(threads, thread_members, messages);

diesel::table! {
    group_audit_log (id) {
        id -> Uuid,
        group_id -> Uuid,
        actor_id -> Nullable<Uuid>,
        action -> Text,
        target_user_id -> Nullable<Uuid>,
        details -> Jsonb,
        reason -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    group_invite_links (id) {
        id -> Uuid,
        group_id -> Uuid,
        code -> Text,
        creator_id -> Nullable<Uuid>,
        max_uses -> Nullable<Int4>,
        uses -> Int4,
        expires_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::allow_tables_to_appear_in_same_query!(group_invite_links, groups);

diesel::table! {
    group_emoji (id) {
        id -> Uuid,
        group_id -> Uuid,
        name -> Text,
        media_id -> Uuid,
        creator_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(group_emoji -> groups (group_id));
diesel::allow_tables_to_appear_in_same_query!(group_emoji, groups);

diesel::table! {
    reports (id) {
        id -> Uuid,
        reporter_id -> Nullable<Uuid>,
        group_id -> Nullable<Uuid>,
        conversation_id -> Nullable<Uuid>,
        message_id -> Nullable<Uuid>,
        target_user_id -> Nullable<Uuid>,
        message_text -> Nullable<Text>,
        reason -> Text,
        details -> Text,
        state -> Text,
        handled_by -> Nullable<Uuid>,
        handled_at -> Nullable<Timestamptz>,
        outcome -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    site_audit_log (id) {
        id -> Uuid,
        actor_id -> Nullable<Uuid>,
        action -> Text,
        target_user_id -> Nullable<Uuid>,
        target_group_id -> Nullable<Uuid>,
        details -> Jsonb,
        reason -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}
