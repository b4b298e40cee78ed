//! `[credit]` in `sanxiang.toml`: the province's variants of the 双公示 templates
//! ([`CreditSettings`]) and `[credit.push]`, the connector that pushes every decision
//! publication, correction and withdrawal to the provincial credit platform.

use crate::config::{ConfigError, Secret};
use sanxiang_domain::disclosure::credit::{CreditSettings, TemplateKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `[credit]`: the template settings, with `[credit.push]` beside them.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CreditConfig {
    /// Column order, date format and code-list words of the province (`[credit]`).
    #[serde(flatten)]
    pub settings: CreditSettings,
    /// `[credit.push]`.
    pub push: CreditPushSettings,
}

impl<'de> Deserialize<'de> for CreditConfig {
    /// `push` is taken out first and the rest read as [`CreditSettings`], which keeps refusing
    /// unknown keys (serde's `flatten` would silently drop them).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let push = match map.remove("push") {
            Some(v) => {
                serde_json::from_value(v).map_err(|e| D::Error::custom(format!("push: {e}")))?
            }
            None => CreditPushSettings::default(),
        };
        let settings =
            serde_json::from_value(serde_json::Value::Object(map)).map_err(D::Error::custom)?;
        Ok(Self { settings, push })
    }
}

/// `[credit.push]` (also `SANXIANG_CREDIT_PUSH_<SETTING>`): where and how decisions are pushed.
/// Off by default.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct CreditPushSettings {
    /// Whether this node runs the connector.
    pub enabled: bool,
    /// The provincial platform's endpoint; one JSON document is POSTed per feed entry.
    pub url: String,
    /// The token the platform issued (`SANXIANG_CREDIT_PUSH_TOKEN`); never printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Secret>,
    /// The header that carries it.
    pub auth_header: String,
    /// Written before the token in that header (`Bearer`); empty sends the token alone.
    pub auth_scheme: String,
    /// Which templates are pushed: `penalty`, `licence`.
    pub kinds: Vec<TemplateKind>,
    /// Field id of the penalty template → the JSON key the province expects; a field left out
    /// keeps the template's column name (e.g. `行政相对人名称`).
    pub penalty_fields: BTreeMap<String, String>,
    /// Likewise for the licence template.
    pub licence_fields: BTreeMap<String, String>,
    /// First retry delay in milliseconds; doubled per attempt up to `retry_max_ms`.
    pub retry_base_ms: u64,
    /// Longest delay between two attempts, in milliseconds. A push is retried until it is
    /// delivered: every decision must reach the platform, and the later ones wait behind it.
    pub retry_max_ms: u64,
    /// How often the connector looks for new changes and due retries, in milliseconds.
    pub tick_ms: u64,
    /// Timeout of one push (connect and answer), in seconds.
    pub timeout_secs: u64,
    /// Whether a plain `http://` URL is accepted (a platform on an internal network, tests).
    pub allow_http: bool,
}

impl std::fmt::Debug for CreditPushSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreditPushSettings")
            .field("enabled", &self.enabled)
            .field("url", &self.url)
            .field("token", &self.token)
            .field("auth_header", &self.auth_header)
            .field("kinds", &self.kinds)
            .finish_non_exhaustive()
    }
}

impl Default for CreditPushSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            url: String::new(),
            token: None,
            auth_header: "Authorization".into(),
            auth_scheme: "Bearer".into(),
            kinds: vec![TemplateKind::Penalty, TemplateKind::Licence],
            penalty_fields: BTreeMap::new(),
            licence_fields: BTreeMap::new(),
            retry_base_ms: 10_000,
            retry_max_ms: 3_600_000,
            tick_ms: 1000,
            timeout_secs: 10,
            allow_http: false,
        }
    }
}

impl CreditPushSettings {
    /// The JSON key of a template field: the province's, else the template's column name.
    pub fn key(&self, kind: TemplateKind, id: &str, column: &'static str) -> String {
        let map = match kind {
            TemplateKind::Penalty => &self.penalty_fields,
            TemplateKind::Licence => &self.licence_fields,
        };
        map.get(id).cloned().unwrap_or_else(|| column.to_owned())
    }

    /// The value of the authorization header, when a token is set.
    pub fn auth_value(&self) -> Option<String> {
        let token = self.token.as_ref()?.expose();
        Some(if self.auth_scheme.is_empty() {
            token.to_owned()
        } else {
            format!("{} {token}", self.auth_scheme)
        })
    }

    /// Checks values that parse but make no sense; the error names the setting.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |k: &str, m: String| Err(ConfigError(format!("[credit.push] {k}: {m}")));
        for (kind, map, name) in [
            (
                TemplateKind::Penalty,
                &self.penalty_fields,
                "penalty_fields",
            ),
            (
                TemplateKind::Licence,
                &self.licence_fields,
                "licence_fields",
            ),
        ] {
            let mut keys = BTreeSet::new();
            for f in kind.fields() {
                if let Some(k) = map.get(f.id) {
                    if k.trim().is_empty() {
                        return bad(name, format!("`{}` maps to an empty key", f.id));
                    }
                }
                if !keys.insert(self.key(kind, f.id, f.column)) {
                    return bad(
                        name,
                        format!("`{}` is sent under a key another field has", f.id),
                    );
                }
            }
            if let Some(id) = map.keys().find(|id| kind.field(id).is_none()) {
                return bad(name, format!("`{id}` is not a field of the template"));
            }
        }
        if self.retry_base_ms < 10 || self.tick_ms < 10 {
            return bad("retry_base_ms / tick_ms", "must be at least 10".into());
        }
        if self.retry_max_ms < self.retry_base_ms {
            return bad("retry_max_ms", "must not be below retry_base_ms".into());
        }
        if !(1..=300).contains(&self.timeout_secs) {
            return bad("timeout_secs", "must be between 1 and 300".into());
        }
        if awc::http::header::HeaderName::from_bytes(self.auth_header.as_bytes()).is_err() {
            return bad(
                "auth_header",
                format!("`{}` is not a header name", self.auth_header),
            );
        }
        if let Some(v) = self.auth_value() {
            if awc::http::header::HeaderValue::from_str(&v).is_err() {
                return bad("token", "is not a valid header value".into());
            }
        }
        if !self.enabled {
            return Ok(());
        }
        let u = match url::Url::parse(&self.url) {
            Ok(u) => u,
            Err(e) => return bad("url", format!("not a URL: {e}")),
        };
        match u.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            _ => return bad("url", "must use https (or http with allow_http)".into()),
        }
        if u.host_str().is_none() || !u.username().is_empty() || u.password().is_some() {
            return bad("url", "needs a host and no credentials".into());
        }
        if self.kinds.is_empty() {
            return bad("kinds", "name at least one of penalty, licence".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::{Format, Serialized, Toml};
    use figment::Figment;

    fn load(toml: &str) -> Result<crate::config::Config, String> {
        Figment::from(Serialized::defaults(crate::config::Config::default()))
            .merge(Toml::string(toml))
            .extract()
            .map_err(|e| e.to_string())
    }

    #[test]
    fn push_settings_are_read_beside_the_template_settings() {
        let c = load(
            "[credit]\ndate_format = \"%Y-%m-%d\"\n[credit.push]\nenabled = true\n\
             url = \"https://xy.example.gov.cn/api/push\"\ntoken = \"s3cr3t-token\"\n\
             kinds = [\"penalty\"]\n[credit.push.penalty_fields]\nparty_name = \"XZXDRMC\"\n",
        )
        .unwrap();
        assert_eq!(c.credit.settings.date_format, "%Y-%m-%d");
        assert!(c.credit.push.enabled);
        assert_eq!(c.credit.push.kinds, vec![TemplateKind::Penalty]);
        assert_eq!(
            c.credit
                .push
                .key(TemplateKind::Penalty, "party_name", "行政相对人名称"),
            "XZXDRMC"
        );
        assert_eq!(
            c.credit
                .push
                .key(TemplateKind::Penalty, "facts", "违法事实"),
            "违法事实"
        );
        assert_eq!(
            c.credit.push.auth_value().as_deref(),
            Some("Bearer s3cr3t-token")
        );
        c.validate().unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
        // Unknown keys of `[credit]` are still refused.
        assert!(load("[credit]\ndate_fromat = \"%Y\"\n").is_err());
        assert!(load("[credit.push]\nurll = \"x\"\n").is_err());
    }

    #[test]
    fn bad_push_settings_name_the_setting() {
        let ok = CreditPushSettings {
            enabled: true,
            url: "https://xy.example.gov.cn/push".into(),
            ..CreditPushSettings::default()
        };
        ok.validate().unwrap();
        CreditPushSettings::default().validate().unwrap();
        let cases = [
            (
                CreditPushSettings {
                    url: "http://xy.example.gov.cn/push".into(),
                    ..ok.clone()
                },
                "url",
            ),
            (
                CreditPushSettings {
                    penalty_fields: [("nope".to_owned(), "X".to_owned())].into(),
                    ..ok.clone()
                },
                "penalty_fields",
            ),
            (
                CreditPushSettings {
                    licence_fields: [("party_name".to_owned(), "许可机关".to_owned())].into(),
                    ..ok.clone()
                },
                "licence_fields",
            ),
            (
                CreditPushSettings {
                    retry_base_ms: 1000,
                    retry_max_ms: 10,
                    ..ok.clone()
                },
                "retry_max_ms",
            ),
            (
                CreditPushSettings {
                    auth_header: "bad header".into(),
                    ..ok.clone()
                },
                "auth_header",
            ),
            (
                CreditPushSettings {
                    kinds: vec![],
                    ..ok.clone()
                },
                "kinds",
            ),
        ];
        for (s, name) in cases {
            let e = s.validate().unwrap_err().to_string();
            assert!(e.contains(name), "{e}");
        }
    }
}
