//! Public registers published before enforcement (事前公开, 国办发〔2018〕118号):
//! agency profiles, the enforcement-matters list, the random-inspection list and service guides.
//!
//! Each register entry is versioned: a version is written by one member of staff and reviewed by
//! a second person before it is public (`check_reviewer`); a published version is never changed,
//! an edit is a new version, and the public sees the version in force on a given day
//! (`in_force`). The content of each register type is a typed struct validated here.

use crate::case::CaseKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// The register types this module publishes. (Discretion standards and the major-decision
/// catalogue are published by the legal-review module.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegisterType {
    /// 执法主体: legal basis of the agency's authority, duties, remedy channels, supervision.
    AgencyProfile,
    /// 行政执法事项清单.
    EnforcementMatter,
    /// 随机抽查事项清单 (双随机、一公开).
    InspectionItem,
    /// 服务指南.
    ServiceGuide,
}

impl RegisterType {
    /// Every register type, in a stable order.
    pub const ALL: [RegisterType; 4] = [
        RegisterType::AgencyProfile,
        RegisterType::EnforcementMatter,
        RegisterType::InspectionItem,
        RegisterType::ServiceGuide,
    ];

    /// The identifier used in paths, the database and the change feed.
    pub fn as_str(self) -> &'static str {
        match self {
            RegisterType::AgencyProfile => "agency_profile",
            RegisterType::EnforcementMatter => "enforcement_matter",
            RegisterType::InspectionItem => "inspection_item",
            RegisterType::ServiceGuide => "service_guide",
        }
    }

    /// The Chinese name of the register.
    pub fn label_zh(self) -> &'static str {
        match self {
            RegisterType::AgencyProfile => "执法主体信息",
            RegisterType::EnforcementMatter => "行政执法事项清单",
            RegisterType::InspectionItem => "随机抽查事项清单",
            RegisterType::ServiceGuide => "服务指南",
        }
    }
}

impl fmt::Display for RegisterType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no register type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown register type `{0}`")]
pub struct UnknownRegisterType(pub String);

impl FromStr for RegisterType {
    type Err = UnknownRegisterType;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RegisterType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownRegisterType(s.to_owned()))
    }
}

/// A supervision or complaint contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Contact {
    /// Who (e.g. 县司法局行政执法监督科).
    pub name: String,
    /// Phone, e-mail or address of the contact point (an office, never a private person's).
    pub channel: String,
}

/// 执法主体: what the public needs to know about the agency itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct AgencyProfile {
    /// Official name of the agency.
    pub name: String,
    /// Legal basis of its enforcement authority (laws, regulations, 三定 provisions).
    pub legal_basis: String,
    /// Its enforcement duties.
    pub duties: String,
    /// Remedy channels: administrative reconsideration and litigation (bodies, time limits).
    pub remedy_channels: String,
    /// Supervision and complaint contacts.
    pub supervision_contacts: Vec<Contact>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
}

/// 行政执法事项: one power the agency exercises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct EnforcementMatter {
    /// Name of the matter.
    pub name: String,
    /// Kind of enforcement (its flowchart is drawn from this kind's stage machine).
    pub kind: CaseKind,
    /// Legal basis (law, article).
    pub legal_basis: String,
    /// Duties and powers (职责权限).
    pub duties_and_powers: String,
    /// The agency exercising it (name as published).
    pub agency: String,
    /// Matter code in the provincial catalogue, when there is one.
    #[serde(default)]
    pub code: String,
}

/// 随机抽查事项 (双随机、一公开).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct InspectionItem {
    /// 抽查事项.
    pub item: String,
    /// 抽查子项 (may be empty).
    #[serde(default)]
    pub sub_item: String,
    /// 检查依据.
    pub legal_basis: String,
    /// 检查主体 (agency name as published).
    pub agency: String,
    /// 检查对象类型 (e.g. 代理记账机构).
    pub target_type: String,
    /// 检查内容.
    pub content: String,
    /// 抽查比例 in percent of the target pool, 0 < ratio ≤ 100.
    pub ratio_percent: f64,
    /// 抽查频次 (e.g. 每年一次).
    pub frequency: String,
    /// 检查方式 (e.g. 书面检查、实地核查).
    pub method: String,
    /// Requirements on inspectors (at least two certified officers per target, 双随机、一公开).
    pub inspector_requirements: String,
    /// 执法类别 of the inspectors (matched against their certificates' categories).
    pub enforcement_category: String,
}

/// 服务指南: every field the seed plan names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ServiceGuide {
    /// 事项名称.
    pub item: String,
    /// 设定依据.
    pub legal_basis: String,
    /// 受理机构.
    pub accepting_body: String,
    /// 决定机构.
    pub approving_body: String,
    /// 申请条件.
    pub conditions: String,
    /// 申请材料.
    pub materials: Vec<String>,
    /// 办理流程.
    pub process: String,
    /// 办理时限 (e.g. 20个工作日, 行政许可法 art. 42).
    pub time_limit: String,
    /// 收费标准 (不收费 when none).
    pub fees: String,
    /// 监督投诉.
    pub supervision: String,
    /// 责任追究.
    pub accountability: String,
    /// 救济途径.
    pub remedies: String,
    /// 办公时间.
    pub office_hours: String,
    /// 办公地址.
    pub address: String,
    /// 咨询电话 (an office number).
    pub phone: String,
    /// The enforcement matter (register entry id) this guide serves; its flowchart is the matter's.
    pub enforcement_matter_id: Option<Uuid>,
}

/// The content of one register version, typed by its register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(tag = "register_type", content = "content", rename_all = "snake_case")]
pub enum RegisterContent {
    AgencyProfile(AgencyProfile),
    EnforcementMatter(EnforcementMatter),
    InspectionItem(InspectionItem),
    ServiceGuide(ServiceGuide),
}

/// Why register content or a review step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterViolation {
    /// A required field is empty or too long, or a value is out of range.
    #[error("{field}: {message}")]
    InvalidField {
        field: &'static str,
        message: &'static str,
    },
    /// The content is not of the register type it is filed under.
    #[error("content does not match the register type")]
    TypeMismatch,
    /// The author of a version cannot be its reviewer (second-person review, 118号 审核).
    #[error("the author of a version cannot review it")]
    SelfReview,
    /// A version must not take effect before the version it replaces.
    #[error("a new version cannot take effect before the version in force")]
    EffectiveBeforePrevious,
    /// The effective period ends before it starts.
    #[error("effective_until must be after effective_from")]
    EmptyPeriod,
}

/// Longest free-text field, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Longest name-like field, in characters.
pub const MAX_NAME_CHARS: usize = 300;

fn required(field: &'static str, v: &str, max: usize) -> Result<(), RegisterViolation> {
    let n = v.trim().chars().count();
    if n == 0 {
        return Err(RegisterViolation::InvalidField {
            field,
            message: "required / 必填",
        });
    }
    optional(field, v, max)
}

fn optional(field: &'static str, v: &str, max: usize) -> Result<(), RegisterViolation> {
    if v.chars().count() > max {
        return Err(RegisterViolation::InvalidField {
            field,
            message: "too long / 过长",
        });
    }
    Ok(())
}

impl RegisterContent {
    /// The register this content belongs to.
    pub fn register_type(&self) -> RegisterType {
        match self {
            RegisterContent::AgencyProfile(_) => RegisterType::AgencyProfile,
            RegisterContent::EnforcementMatter(_) => RegisterType::EnforcementMatter,
            RegisterContent::InspectionItem(_) => RegisterType::InspectionItem,
            RegisterContent::ServiceGuide(_) => RegisterType::ServiceGuide,
        }
    }

    /// Parses the untagged JSON content of a register type (as stored or posted).
    pub fn from_json(t: RegisterType, v: serde_json::Value) -> Result<Self, serde_json::Error> {
        Ok(match t {
            RegisterType::AgencyProfile => {
                RegisterContent::AgencyProfile(serde_json::from_value(v)?)
            }
            RegisterType::EnforcementMatter => {
                RegisterContent::EnforcementMatter(serde_json::from_value(v)?)
            }
            RegisterType::InspectionItem => {
                RegisterContent::InspectionItem(serde_json::from_value(v)?)
            }
            RegisterType::ServiceGuide => RegisterContent::ServiceGuide(serde_json::from_value(v)?),
        })
    }

    /// The untagged JSON content.
    pub fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        match self {
            RegisterContent::AgencyProfile(c) => serde_json::to_value(c),
            RegisterContent::EnforcementMatter(c) => serde_json::to_value(c),
            RegisterContent::InspectionItem(c) => serde_json::to_value(c),
            RegisterContent::ServiceGuide(c) => serde_json::to_value(c),
        }
    }

    /// A one-line title for lists.
    pub fn title(&self) -> String {
        match self {
            RegisterContent::AgencyProfile(c) => c.name.clone(),
            RegisterContent::EnforcementMatter(c) => c.name.clone(),
            RegisterContent::InspectionItem(c) if c.sub_item.trim().is_empty() => c.item.clone(),
            RegisterContent::InspectionItem(c) => format!("{}（{}）", c.item, c.sub_item),
            RegisterContent::ServiceGuide(c) => c.item.clone(),
        }
    }

    /// Checks every field: required ones present, lengths bounded, ratios in range.
    pub fn validate(&self) -> Result<(), RegisterViolation> {
        const N: usize = MAX_NAME_CHARS;
        const T: usize = MAX_TEXT_CHARS;
        match self {
            RegisterContent::AgencyProfile(c) => {
                required("name", &c.name, N)?;
                required("legal_basis", &c.legal_basis, T)?;
                required("duties", &c.duties, T)?;
                required("remedy_channels", &c.remedy_channels, T)?;
                if c.supervision_contacts.is_empty() {
                    return Err(RegisterViolation::InvalidField {
                        field: "supervision_contacts",
                        message: "at least one / 至少一项",
                    });
                }
                for s in &c.supervision_contacts {
                    required("supervision_contacts", &s.name, N)?;
                    required("supervision_contacts", &s.channel, N)?;
                }
                optional("address", &c.address, N)?;
                optional("phone", &c.phone, N)?;
            }
            RegisterContent::EnforcementMatter(c) => {
                required("name", &c.name, N)?;
                required("legal_basis", &c.legal_basis, T)?;
                required("duties_and_powers", &c.duties_and_powers, T)?;
                required("agency", &c.agency, N)?;
                optional("code", &c.code, N)?;
            }
            RegisterContent::InspectionItem(c) => {
                required("item", &c.item, N)?;
                optional("sub_item", &c.sub_item, N)?;
                required("legal_basis", &c.legal_basis, T)?;
                required("agency", &c.agency, N)?;
                required("target_type", &c.target_type, N)?;
                required("content", &c.content, T)?;
                if !(c.ratio_percent.is_finite()
                    && c.ratio_percent > 0.0
                    && c.ratio_percent <= 100.0)
                {
                    return Err(RegisterViolation::InvalidField {
                        field: "ratio_percent",
                        message: "0 < ratio ≤ 100 / 抽查比例须在0到100之间",
                    });
                }
                required("frequency", &c.frequency, N)?;
                required("method", &c.method, N)?;
                required("inspector_requirements", &c.inspector_requirements, T)?;
                required("enforcement_category", &c.enforcement_category, N)?;
            }
            RegisterContent::ServiceGuide(c) => {
                required("item", &c.item, N)?;
                required("legal_basis", &c.legal_basis, T)?;
                required("accepting_body", &c.accepting_body, N)?;
                required("approving_body", &c.approving_body, N)?;
                required("conditions", &c.conditions, T)?;
                if c.materials.is_empty() {
                    return Err(RegisterViolation::InvalidField {
                        field: "materials",
                        message: "at least one / 至少一项",
                    });
                }
                for m in &c.materials {
                    required("materials", m, N)?;
                }
                required("process", &c.process, T)?;
                required("time_limit", &c.time_limit, N)?;
                required("fees", &c.fees, N)?;
                required("supervision", &c.supervision, T)?;
                required("accountability", &c.accountability, T)?;
                required("remedies", &c.remedies, T)?;
                required("office_hours", &c.office_hours, N)?;
                required("address", &c.address, N)?;
                required("phone", &c.phone, N)?;
            }
        }
        Ok(())
    }
}

/// Where a version stands in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Being written; may be changed by staff.
    Draft,
    /// Submitted for review by a second person; frozen.
    Submitted,
    /// Approved and public (from `effective_from`); never changed again.
    Published,
    /// Sent back by the reviewer; kept in the history, an edit is a new version.
    Rejected,
}

impl VersionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Submitted => "submitted",
            VersionStatus::Published => "published",
            VersionStatus::Rejected => "rejected",
        }
    }

    /// Whether the version is still open (not yet decided on).
    pub fn is_open(self) -> bool {
        matches!(self, VersionStatus::Draft | VersionStatus::Submitted)
    }
}

impl FromStr for VersionStatus {
    type Err = UnknownRegisterType;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            VersionStatus::Draft,
            VersionStatus::Submitted,
            VersionStatus::Published,
            VersionStatus::Rejected,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
        .ok_or_else(|| UnknownRegisterType(s.to_owned()))
    }
}

/// Second-person review: the reviewer of a version is not its author (118号: 审核 before
/// publication; the seed plan's "review-and-correct step before anything is public").
pub fn check_reviewer(author: Uuid, reviewer: Uuid) -> Result<(), RegisterViolation> {
    if author == reviewer {
        Err(RegisterViolation::SelfReview)
    } else {
        Ok(())
    }
}

/// A version's effective period, `[from, until)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effective {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Effective {
    /// Checks the period is not empty.
    pub fn new(from: NaiveDate, until: Option<NaiveDate>) -> Result<Self, RegisterViolation> {
        match until {
            Some(u) if u <= from => Err(RegisterViolation::EmptyPeriod),
            _ => Ok(Self { from, until }),
        }
    }

    /// Whether the period covers `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day < u)
    }
}

/// Publishing a version that takes effect on `next_from`, after the latest published version
/// (effective from `prev.from`): the previous one's period is closed on `next_from`, so the
/// published versions of an entry partition time and at most one is in force on any day.
/// Returns the new `until` of the previous version.
pub fn close_previous(
    prev: Effective,
    next_from: NaiveDate,
) -> Result<Option<NaiveDate>, RegisterViolation> {
    if next_from < prev.from {
        return Err(RegisterViolation::EffectiveBeforePrevious);
    }
    Ok(Some(match prev.until {
        Some(u) if u < next_from => u,
        _ => next_from,
    }))
}

/// The published version in force on `day`: the one whose period covers it.
pub fn in_force<T>(published: &[(Effective, T)], day: NaiveDate) -> Option<&T> {
    published
        .iter()
        .rev()
        .find(|(e, _)| e.covers(day))
        .map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn item() -> InspectionItem {
        InspectionItem {
            item: "代理记账机构检查".into(),
            sub_item: "执业条件".into(),
            legal_basis: "《代理记账管理办法》第二十二条".into(),
            agency: "桓仁满族自治县财政局".into(),
            target_type: "代理记账机构".into(),
            content: "执业资格、内部制度".into(),
            ratio_percent: 5.0,
            frequency: "每年一次".into(),
            method: "书面检查、实地核查".into(),
            inspector_requirements: "两名以上持证执法人员".into(),
            enforcement_category: "财政".into(),
        }
    }

    #[test]
    fn register_type_round_trips() {
        for t in RegisterType::ALL {
            assert_eq!(t.as_str().parse::<RegisterType>(), Ok(t));
        }
        assert!("discretion_standard".parse::<RegisterType>().is_err());
    }

    /// 双随机、一公开: the ratio is a share of the target pool.
    #[test]
    fn inspection_item_ratio_must_be_a_share() {
        assert!(RegisterContent::InspectionItem(item()).validate().is_ok());
        for bad in [0.0, -1.0, 100.5, f64::NAN] {
            let mut i = item();
            i.ratio_percent = bad;
            assert!(matches!(
                RegisterContent::InspectionItem(i).validate(),
                Err(RegisterViolation::InvalidField {
                    field: "ratio_percent",
                    ..
                })
            ));
        }
    }

    #[test]
    fn required_fields_are_required() {
        let mut i = item();
        i.legal_basis = "  ".into();
        assert!(matches!(
            RegisterContent::InspectionItem(i).validate(),
            Err(RegisterViolation::InvalidField {
                field: "legal_basis",
                ..
            })
        ));
    }

    #[test]
    fn json_is_untagged_per_type() {
        let c = RegisterContent::InspectionItem(item());
        let v = c.to_json().unwrap_or_default();
        assert_eq!(v["item"], "代理记账机构检查");
        assert_eq!(
            RegisterContent::from_json(RegisterType::InspectionItem, v).ok(),
            Some(c)
        );
    }

    /// 118号: what is published is reviewed by a second person.
    #[test]
    fn author_cannot_review_own_version_118() {
        let a = Uuid::new_v4();
        assert_eq!(check_reviewer(a, a), Err(RegisterViolation::SelfReview));
        assert_eq!(check_reviewer(a, Uuid::new_v4()), Ok(()));
    }

    #[test]
    fn versions_partition_time() {
        let v1 = Effective::new(d("2026-01-01"), None).unwrap_or(Effective {
            from: d("2026-01-01"),
            until: None,
        });
        let until = close_previous(v1, d("2026-03-01")).ok().flatten();
        assert_eq!(until, Some(d("2026-03-01")));
        let v1c = Effective {
            from: v1.from,
            until,
        };
        let v2 = Effective {
            from: d("2026-03-01"),
            until: None,
        };
        let published = [(v1c, 1), (v2, 2)];
        assert_eq!(in_force(&published, d("2025-12-31")), None);
        assert_eq!(in_force(&published, d("2026-02-28")), Some(&1));
        assert_eq!(in_force(&published, d("2026-03-01")), Some(&2));
        assert_eq!(
            close_previous(v2, d("2026-02-01")),
            Err(RegisterViolation::EffectiveBeforePrevious)
        );
        assert_eq!(
            Effective::new(d("2026-03-01"), Some(d("2026-03-01"))),
            Err(RegisterViolation::EmptyPeriod)
        );
    }
}
