//! The JSON error every route answers with: `{"code", "field"?, "message"}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iuran::nik::mask_niks;
use serde::Serialize;

/// An error answered to a client. `code` is the core's stable code
/// ([`iuran::Error::code`]) or one of the service's own: `not_found` (no such policy
/// or route), `method_not_allowed`, `body` (the request body is not what the route
/// reads), `payload_too_large`, `request_timeout` and `internal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The HTTP status.
    #[serde(skip)]
    pub status: StatusCode,
    /// A stable `snake_case` code.
    pub code: &'static str,
    /// The field, column or argument concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong, every NIK in it masked.
    pub message: String,
}

impl Problem {
    /// A problem with a status and a code; the message and field are masked.
    pub fn new(status: StatusCode, code: &'static str, message: &str) -> Problem {
        Problem {
            status,
            code,
            field: None,
            message: mask_niks(message),
        }
    }

    /// The same, about a field.
    #[must_use]
    pub fn with_field(mut self, field: &str) -> Problem {
        self.field = Some(mask_niks(field));
        self
    }

    /// No policy with this id.
    pub fn unknown_policy(id: &str) -> Problem {
        let shown = iuran::nik::echo(id);
        Problem::new(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("no policy `{shown}`: `GET /policies` lists them"),
        )
    }

    /// A request body that is not what the route reads.
    pub fn body(message: &str) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "body", message)
    }

    /// A body over the route's limit.
    pub fn too_large(limit: usize) -> Problem {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            &format!("the body is larger than this route's limit of {limit} bytes"),
        )
    }

    /// A body that did not arrive in full in time.
    pub fn timeout(limit: std::time::Duration) -> Problem {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            &format!(
                "the body did not arrive within this service's limit of {} ms",
                limit.as_millis()
            ),
        )
    }
}

impl From<iuran::Error> for Problem {
    fn from(e: iuran::Error) -> Problem {
        // An unreadable roster or a bad argument is the client's; anything else
        // (a policy that stopped validating, a file the server cannot read) is ours.
        let status = match e.code() {
            "roster" => StatusCode::BAD_REQUEST,
            "argument" => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Problem {
            status,
            code: e.code(),
            field: e.field().map(mask_niks),
            message: mask_niks(&e.to_string()),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        (self.status, Json(&self)).into_response()
    }
}
