//! Cross-cutting request handling: the request id on every response, HTTP
//! metrics, and text that cannot be stored refused at the door.

use crate::envelope::error_response;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{Error, HttpMessage};
use confab_domain::error::ErrorCode;
use futures_util::{Stream, StreamExt};
use std::pin::Pin;
use std::time::Instant;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Echoes the id `TracingLogger` gave the request (and put on its log lines), so a
/// client's report can be matched to the logs.
pub async fn request_id_header(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req.extensions().get::<RequestId>().copied();
    let mut res = next.call(req).await?;
    if let Some(id) = id
        && let Ok(value) = HeaderValue::from_str(&id.to_string())
    {
        res.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    Ok(res)
}

/// Counts requests and times them, labelled by route pattern (never by raw path,
/// which would make one series per id).
pub async fn http_metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let res = next.call(req).await?;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    Ok(res)
}

/// Refuses text Postgres cannot store and bytes that are not text, wherever
/// they come in, with a 400 and a code, before any handler runs: a NUL or
/// non-UTF-8 byte in the path (`invalid_path`) or the query string
/// (`invalid_query`), or a `\u0000` escape in a JSON body (`invalid_body`).
/// JSON bodies are read (up to `json_limit`; a longer one is left for the JSON
/// extractor to refuse) and handed on unchanged.
pub async fn refuse_unstorable_text<B: MessageBody>(
    mut req: ServiceRequest,
    next: Next<B>,
    json_limit: usize,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    if !is_storable(req.path()) {
        return Ok(refuse(
            req,
            ErrorCode::InvalidPath,
            "the path holds a NUL or non-UTF-8 byte",
        ));
    }
    if !is_storable(req.query_string()) {
        return Ok(refuse(
            req,
            ErrorCode::InvalidQuery,
            "the query string holds a NUL or non-UTF-8 byte",
        ));
    }
    let is_json = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
    if is_json {
        let mut body = BytesMut::new();
        let mut payload = req.take_payload();
        while let Some(chunk) = payload.next().await {
            body.extend_from_slice(&chunk?);
            if body.len() > json_limit {
                break;
            }
        }
        if has_nul_escape(&body) {
            return Ok(refuse(
                req,
                ErrorCode::InvalidBody,
                "text may not contain NUL characters (\\u0000)",
            ));
        }
        // What was read, then whatever is left of the stream (only when the
        // body ran past the limit, which the JSON extractor then refuses).
        let rest = payload;
        let read = futures_util::stream::once(async move { Ok(body.freeze()) });
        let stream: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> =
            Box::pin(read.chain(rest));
        req.set_payload(Payload::from(stream));
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

fn refuse<B>(
    req: ServiceRequest,
    code: ErrorCode,
    message: &str,
) -> ServiceResponse<EitherBody<B>> {
    req.into_response(error_response(code, message))
        .map_into_right_body()
}

/// Percent-decoded, the text is UTF-8 without NUL.
fn is_storable(raw: &str) -> bool {
    let decoded: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
    !decoded.contains(&0) && std::str::from_utf8(&decoded).is_ok()
}

/// A `\u0000` escape (an odd run of backslashes before the `u`: an even run is
/// escaped backslashes followed by the letters "u0000").
fn has_nul_escape(json: &[u8]) -> bool {
    json.windows(6).enumerate().any(|(at, window)| {
        window == b"\\u0000"
            && json[..at].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0
    })
}

/// The request span of every log line, as tracing-actix-web's default but with
/// the values of query parameters that may carry secrets replaced by
/// `[redacted]`: a token in a URL must never reach a log, whoever put it there.
pub struct RedactedRootSpan;

/// Query parameters whose values are secrets (matched case-insensitively).
const SECRET_PARAMETERS: [&str; 8] = [
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "code",
    "nonce",
    "password",
    "sig",
];

impl RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "default".to_owned());
        let user_agent = request
            .headers()
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let client_ip = request
            .connection_info()
            .realip_remote_addr()
            .unwrap_or("")
            .to_owned();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %redacted_target(request.path(), request.query_string()),
            http.client_ip = %client_ip,
            http.user_agent = %user_agent,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// The path and query with secret parameters' values replaced.
pub fn redacted_target(path: &str, query: &str) -> String {
    if query.is_empty() {
        return path.to_owned();
    }
    let parts: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret(name) => format!("{name}=[redacted]"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", parts.join("&"))
}

fn is_secret(name: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
    SECRET_PARAMETERS
        .iter()
        .any(|secret| decoded.eq_ignore_ascii_case(secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_escapes_are_found_and_escaped_backslashes_are_not() {
        assert!(has_nul_escape(br#"{"a":"x\u0000"}"#));
        assert!(has_nul_escape(br#"{"a":"\\\u0000"}"#));
        assert!(!has_nul_escape(br#"{"a":"\\u0000"}"#));
        assert!(!has_nul_escape(br#"{"a":"\u0001"}"#));
    }

    #[test]
    fn secret_query_values_are_redacted_and_the_rest_kept() {
        assert_eq!(
            redacted_target("/api/v1/media/x", "access_token=eyJ.abc.def&w=2"),
            "/api/v1/media/x?access_token=[redacted]&w=2"
        );
        assert_eq!(
            redacted_target("/a", "ACCESS%5FTOKEN=s3cret&q=hi"),
            "/a?ACCESS%5FTOKEN=[redacted]&q=hi"
        );
        assert_eq!(redacted_target("/a", ""), "/a");
    }

    #[test]
    fn paths_and_queries_with_nul_or_bad_utf8_are_not_storable() {
        assert!(is_storable("q=caf%C3%A9&x=1"));
        assert!(!is_storable("q=%00"));
        assert!(!is_storable("q=%FF%FE"));
        assert!(!is_storable("/users/%00"));
    }
}
