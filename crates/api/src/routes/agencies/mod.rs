//! `/agencies`: enforcement agencies (执法主体).

mod create;
mod list;
mod update;

use sanxiang_api_types::org::Agency as AgencyDto;
use sanxiang_domain::account::Agency;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create::create_agency)
        .service(list::list_agencies)
        .service(update::update_agency);
}

pub(crate) fn to_dto(a: Agency) -> AgencyDto {
    AgencyDto {
        id: a.id,
        name: a.name,
        short_name: a.short_name,
        credit_code: a.credit_code,
        active: a.active,
        created_at: a.created_at,
    }
}
