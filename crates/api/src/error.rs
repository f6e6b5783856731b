//! The API's one error type, and the one place errors become HTTP responses:
//! every failure leaves as `{"error": {"code": "...", "message": "..."}}`, with
//! the status its code carries (`confab_domain::error::ErrorCode`).

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use confab_domain::Error as DomainError;
use confab_domain::error::ErrorCode;
use confab_web::envelope::envelope;

#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] DomainError);

impl ApiError {
    fn code(&self) -> ErrorCode {
        self.0.code()
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        Self(DomainError::new(code, code.meaning()))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let message = if self.0.is_server_side() {
            // Details stay in the log (with the request id), not in the answer.
            tracing::error!(error = %self.0, "request failed");
            if status == StatusCode::SERVICE_UNAVAILABLE {
                "a backing service is unavailable; try again shortly".to_string()
            } else {
                "something went wrong on our side".to_string()
            }
        } else {
            self.0.to_string()
        };
        let mut response = HttpResponse::build(status);
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        let mut body = envelope(self.code(), message);
        match &self.0 {
            DomainError::RateLimited { retry_after_secs }
            | DomainError::Slowmode { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
                body.error.retry_after = Some(*retry_after_secs);
            }
            DomainError::Busy => {
                response.insert_header((header::RETRY_AFTER, "1"));
            }
            _ => {}
        }
        response.json(body)
    }
}

/// Maps a JSON body that could not be read; installed through `JsonConfig`.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let error = match &err {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => DomainError::new(
            ErrorCode::PayloadTooLarge,
            format!("the request body is larger than the limit of {limit} bytes"),
        ),
        JsonPayloadError::ContentType => DomainError::new(
            ErrorCode::UnsupportedMediaType,
            "the body must be JSON (Content-Type: application/json)",
        ),
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            DomainError::new(ErrorCode::InvalidBody, e.to_string())
        }
        JsonPayloadError::Deserialize(e) => DomainError::new(
            ErrorCode::MalformedJson,
            format!("the body is not valid JSON: {e}"),
        ),
        other => DomainError::new(ErrorCode::InvalidBody, other.to_string()),
    };
    ApiError(error).into()
}

/// A path segment that does not parse (say, a malformed id) names nothing: 404;
/// unless the path is another operation's, which does not take this method.
pub fn path_error(_err: PathError, req: &HttpRequest) -> actix_web::Error {
    match crate::routes::unmatched::wrong_method(req) {
        Some(response) => {
            actix_web::error::InternalError::from_response("wrong method", response).into()
        }
        None => ApiError(DomainError::not_found("resource")).into(),
    }
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError(DomainError::new(ErrorCode::InvalidQuery, err.to_string())).into()
}
