//! The error envelope every failure of both services is answered with:
//! `{"error": {"code": "snake_case_code", "message": "human text"}}`.

use actix_web::HttpResponse;
use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use confab_domain::error::ErrorCode;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, snake_case; what clients match on.
    pub code: ErrorCode,
    /// For humans; may change.
    pub message: String,
    /// On a 429: seconds to wait before trying again (as `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

pub fn envelope(code: ErrorCode, message: impl Into<String>) -> ErrorBody {
    ErrorBody {
        error: ErrorDetail {
            code,
            message: message.into(),
            retry_after: None,
        },
    }
}

/// The answer for `code`, with the status the code carries.
pub fn error_response(code: ErrorCode, message: impl Into<String>) -> HttpResponse {
    let status = StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status).json(envelope(code, message))
}

/// The safety net, installed with `ErrorHandlers::default_handler`: any error
/// response that is not already JSON (actix's own 405, a 500 from a panic, ...) is
/// rewritten into the envelope.
pub fn ensure_json_envelope<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let code = ErrorCode::for_status(status.as_u16());
    let message = status.canonical_reason().unwrap_or("error").to_string();
    let (req, _) = res.into_parts();
    // The framework's status stands (its headers, such as `Allow`, went with it).
    let response = HttpResponse::build(status).json(envelope(code, message));
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body::<B>(),
    ))
}
