//! The API's one error type, and the one place errors become HTTP responses:
//! every failure leaves as `{"error": {"code": "...", "message": "..."}}`.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use confab_domain::Error as DomainError;
use confab_web::envelope::envelope;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("the request body is larger than the limit of {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("{0}")]
    UnsupportedMediaType(&'static str),
    #[error("no such route")]
    RouteNotFound,
}

impl ApiError {
    fn code(&self) -> &'static str {
        match self {
            Self::Domain(e) => e.code(),
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::RouteNotFound => "route_not_found",
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Domain(e) => match e {
                DomainError::Invalid { .. } => StatusCode::BAD_REQUEST,
                DomainError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
                DomainError::Forbidden { .. } => StatusCode::FORBIDDEN,
                DomainError::NotFound(_) => StatusCode::NOT_FOUND,
                DomainError::Conflict { .. } => StatusCode::CONFLICT,
                DomainError::Gone { .. } => StatusCode::GONE,
                DomainError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                DomainError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                DomainError::UnsupportedMedia { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                DomainError::Busy
                | DomainError::DatabasePool(_)
                | DomainError::Redis(_)
                | DomainError::RedisPool(_) => StatusCode::SERVICE_UNAVAILABLE,
                DomainError::Database(_) | DomainError::Internal(_) => {
                    StatusCode::INTERNAL_SERVER_ERROR
                }
            },
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RouteNotFound => StatusCode::NOT_FOUND,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let message = match self {
            Self::Domain(e) if e.is_server_side() => {
                // Details stay in the log (with the request id), not in the answer.
                tracing::error!(error = %e, "request failed");
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    "a backing service is unavailable; try again shortly".to_string()
                } else {
                    "something went wrong on our side".to_string()
                }
            }
            other => other.to_string(),
        };
        let mut response = HttpResponse::build(status);
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        match self {
            Self::Domain(DomainError::RateLimited { retry_after_secs }) => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::Domain(DomainError::Busy) => {
                response.insert_header((header::RETRY_AFTER, "1"));
            }
            _ => {}
        }
        response.json(envelope(self.code(), message))
    }
}

/// Maps a JSON body that could not be read; installed through `JsonConfig`.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => ApiError::PayloadTooLarge { limit: *limit },
        JsonPayloadError::ContentType => {
            ApiError::UnsupportedMediaType("the body must be JSON (Content-Type: application/json)")
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            DomainError::invalid("invalid_body", e.to_string()).into()
        }
        JsonPayloadError::Deserialize(e) => {
            DomainError::invalid("malformed_json", format!("the body is not valid JSON: {e}"))
                .into()
        }
        other => DomainError::invalid("invalid_body", other.to_string()).into(),
    };
    api.into()
}

/// A path segment that does not parse (say, a malformed id) names nothing: 404.
pub fn path_error(_err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::Domain(DomainError::NotFound("resource")).into()
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::Domain(DomainError::invalid("invalid_query", err.to_string())).into()
}
