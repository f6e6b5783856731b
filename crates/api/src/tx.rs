//! Running domain writes in a transaction.

/// Runs `$body` (with `$conn` bound to the transaction's connection) in one
/// transaction; the outbox relay is woken once it has committed.
#[macro_export]
macro_rules! write_tx {
    ($platform:expr, |$conn:ident| $body:expr) => {{
        use diesel_async::AsyncConnection as _;
        let mut conn = $platform.write_conn().await?;
        conn.transaction::<_, confab_domain::Error, _>(async |$conn| $body)
            .await?
    }};
}
