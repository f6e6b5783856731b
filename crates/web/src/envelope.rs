//! The error envelope every failure of both services is answered with:
//! `{"error": {"code": "snake_case_code", "message": "human text"}}`.

use actix_web::HttpResponse;
use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use serde::Serialize;
use std::borrow::Cow;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, snake_case; what clients match on.
    #[schema(value_type = String)]
    pub code: Cow<'static, str>,
    /// For humans; may change.
    pub message: String,
}

pub fn envelope(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> ErrorBody {
    ErrorBody {
        error: ErrorDetail {
            code: code.into(),
            message: message.into(),
        },
    }
}

pub fn error_response(
    status: StatusCode,
    code: impl Into<Cow<'static, str>>,
    message: impl Into<String>,
) -> HttpResponse {
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
    let code = match status {
        StatusCode::NOT_FOUND => "route_not_found".to_string(),
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed".to_string(),
        other => other
            .canonical_reason()
            .unwrap_or("error")
            .to_lowercase()
            .replace([' ', '-'], "_"),
    };
    let message = status.canonical_reason().unwrap_or("error").to_string();
    let (req, _) = res.into_parts();
    let response = error_response(status, code, message);
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body::<B>(),
    ))
}
