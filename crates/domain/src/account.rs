//! Accounts: roles, usernames and the password policy.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A role a user may hold. A user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages agencies, users and settings.
    Admin,
    /// 执法人员: enforces; needs a valid certificate.
    Officer,
    /// 法制审核人员: reviews major decisions.
    LegalReviewer,
    /// 机关负责人: signs decisions.
    Approver,
    /// Prepares disclosure drafts.
    DisclosureEditor,
    /// Read-only, across the agencies granted to them.
    Auditor,
    /// 执法监督: read-only across the agencies granted to them (e.g. a county justice bureau over
    /// the county's agencies, 行政执法监督条例), with the supervision dashboard and alerts.
    Supervisor,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Officer,
        Role::LegalReviewer,
        Role::Approver,
        Role::DisclosureEditor,
        Role::Auditor,
        Role::Supervisor,
    ];

    /// The identifier used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::LegalReviewer => "legal_reviewer",
            Role::Approver => "approver",
            Role::DisclosureEditor => "disclosure_editor",
            Role::Auditor => "auditor",
            Role::Supervisor => "supervisor",
        }
    }

    /// Roles that act on an agency's data (everyone but the auditor and the supervisor, who
    /// only read).
    pub fn is_staff(self) -> bool {
        !self.reads_granted_agencies()
    }

    /// Read-only roles that read the agencies granted to the user besides their own; every such
    /// read is recorded (`auditor_reads`).
    pub fn reads_granted_agencies(self) -> bool {
        matches!(self, Role::Auditor | Role::Supervisor)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// Minimum password length (characters, not bytes).
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Maximum password length, to bound hashing cost.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Why a password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("the password must have at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
}

/// Checks a new password against the policy.
pub fn check_password_policy(password: &str) -> Result<(), PasswordPolicyError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(PasswordPolicyError::TooShort)
    } else if n > MAX_PASSWORD_CHARS {
        Err(PasswordPolicyError::TooLong)
    } else {
        Ok(())
    }
}

/// A valid username: 3–64 characters of ASCII letters, digits, `.`, `_` or `-`, starting with a
/// letter or digit. Stored and compared in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Username(String);

/// Why a username is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a username has 3–64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit")]
pub struct InvalidUsername;

impl Username {
    pub fn parse(raw: &str) -> Result<Self, InvalidUsername> {
        let s = raw.trim().to_ascii_lowercase();
        let ok_len = (3..=64).contains(&s.len());
        let ok_chars = s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        let ok_start = s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
        if ok_len && ok_chars && ok_start {
            Ok(Self(s))
        } else {
            Err(InvalidUsername)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Lockout policy for failed logins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures in a row after which the account is locked.
    pub max_failures: u32,
    /// How long the lock lasts.
    pub lock_for: chrono::Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lock_for: chrono::Duration::minutes(15),
        }
    }
}

impl LockoutPolicy {
    /// Given the failures so far (including the one just made), whether the account locks now.
    pub fn locks_after(&self, failures: u32) -> bool {
        failures >= self.max_failures
    }
}

/// An enforcement agency (执法主体): the unit of data ownership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    pub id: uuid::Uuid,
    pub name: String,
    pub short_name: String,
    pub credit_code: Option<String>,
    /// The platform operator's agency: its admins manage every agency's accounts.
    pub is_platform: bool,
    pub active: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A user account, without its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAccount {
    pub id: uuid::Uuid,
    pub agency_id: uuid::Uuid,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    /// Bumped when the password changes or the user is disabled: older tokens stop working.
    pub token_version: i32,
    /// Agencies an auditor or supervisor may read besides their own (one grant list for both
    /// read-only roles).
    pub auditor_agency_ids: Vec<uuid::Uuid>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl UserAccount {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the user holds a read-only role whose reads are recorded (auditor, supervisor).
    pub fn is_recorded_reader(&self) -> bool {
        self.roles.iter().any(|r| r.reads_granted_agencies())
    }

    /// The agencies whose data this user may read: their own, plus, for auditors and
    /// supervisors, the granted ones.
    pub fn readable_agencies(&self) -> Vec<uuid::Uuid> {
        let mut v = vec![self.agency_id];
        if self.is_recorded_reader() {
            for a in &self.auditor_agency_ids {
                if !v.contains(a) {
                    v.push(*a);
                }
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn password_policy() {
        assert_eq!(
            check_password_policy("short"),
            Err(PasswordPolicyError::TooShort)
        );
        assert!(check_password_policy("十个字符的中文密码啊啊").is_ok());
        assert!(check_password_policy(&"x".repeat(257)).is_err());
    }

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Admin ").unwrap().as_str(), "admin");
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("_abc").is_err());
        assert!(Username::parse("a b c").is_err());
        assert!(Username::parse("张三丰").is_err());
    }

    #[test]
    fn auditors_read_granted_agencies_only() {
        let own = uuid::Uuid::from_u128(1);
        let other = uuid::Uuid::from_u128(2);
        let mut u = UserAccount {
            id: uuid::Uuid::from_u128(9),
            agency_id: own,
            username: "a".into(),
            display_name: "A".into(),
            roles: vec![Role::Officer],
            active: true,
            token_version: 0,
            auditor_agency_ids: vec![other],
            created_at: chrono::DateTime::<chrono::Utc>::default(),
        };
        assert_eq!(u.readable_agencies(), vec![own]);
        u.roles.push(Role::Auditor);
        assert_eq!(u.readable_agencies(), vec![own, other]);
        u.roles = vec![Role::Supervisor];
        assert_eq!(u.readable_agencies(), vec![own, other]);
        assert!(!Role::Supervisor.is_staff());
    }

    #[test]
    fn lockout_after_five() {
        let p = LockoutPolicy::default();
        assert!(!p.locks_after(4));
        assert!(p.locks_after(5));
    }
}
