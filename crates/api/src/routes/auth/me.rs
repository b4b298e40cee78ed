use crate::auth::Auth;
use actix_web::{get, web};
use sanxiang_api_types::auth::{AgencyRef, Me};

/// The signed-in user.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 200, description = "The signed-in user", body = Me),
    (status = 401, description = "Not signed in", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/me")]
pub async fn me(auth: Auth) -> web::Json<Me> {
    web::Json(Me {
        id: auth.user.id,
        username: auth.user.username.clone(),
        display_name: auth.user.display_name.clone(),
        agency: AgencyRef {
            id: auth.agency.id,
            name: auth.agency.name.clone(),
        },
        roles: auth.user.roles.clone(),
    })
}
