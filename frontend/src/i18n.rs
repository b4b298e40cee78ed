//! The translation table: every string the user can see lives here.
//!
//! Components never hold literal text; they call [`t`] with a [`Key`]. The table has one column
//! per language ([`Lang`]); today only zh-CN. To add English, add `Lang::En`, write `fn en(key)`
//! with the same `match`, and route it in [`tr`] — the compiler then lists any missing key.

use sanxiang_api_types::Role;

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese, the default.
    ZhCn,
}

/// The language used when nothing else is chosen.
pub const DEFAULT_LANG: Lang = Lang::ZhCn;

/// A user-visible string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    // Product
    AppName,
    AppNameLatin,
    Loading,

    // Login page
    LoginTitle,
    LoginSubtitle,
    Username,
    Password,
    UsernamePlaceholder,
    PasswordPlaceholder,
    LoginSubmit,
    LoginPending,
    UsernameRequired,
    PasswordRequired,

    // Top bar and navigation
    CurrentUser,
    Logout,
    LogoutPending,
    MainNav,
    NavDashboard,
    NavProfile,
    NavCases,
    NavLegalReview,
    NavDisclosure,
    NavAudit,
    NavAdmin,

    // Dashboard (工作台)
    DashboardWelcome,
    DashboardIntro,
    DashboardEntries,

    // Profile (个人信息)
    ProfileTitle,
    ProfileDisplayName,
    ProfileUsername,
    ProfileAgency,
    ProfileRoles,
    ProfileNoRoles,

    // Placeholders: pages that later issues build. Remove these keys when the pages exist.
    ComingSoonBadge,
    ComingSoonBody,

    // Access
    NotAllowed,

    // Roles
    RoleAdmin,
    RoleOfficer,
    RoleLegalReviewer,
    RoleApprover,
    RoleDisclosureEditor,
    RoleAuditor,

    // Errors (problem codes and transport failures)
    ErrInvalidCredentials,
    ErrRateLimited,
    ErrUnauthorized,
    ErrForbidden,
    ErrNotFound,
    ErrValidationFailed,
    ErrInternal,
    ErrServiceUnavailable,
    ErrNetwork,
    ErrUnexpectedResponse,
    ErrSessionExpired,
}

/// The text of `key` in the default language.
pub fn t(key: Key) -> &'static str {
    tr(DEFAULT_LANG, key)
}

/// The text of `key` in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::ZhCn => zh_cn(key),
    }
}

/// The text of `key` with `{name}` replaced by `name`.
pub fn t_name(key: Key, name: &str) -> String {
    t(key).replace("{name}", name)
}

/// The Chinese name of a role.
pub fn role_key(role: Role) -> Key {
    match role {
        Role::Admin => Key::RoleAdmin,
        Role::Officer => Key::RoleOfficer,
        Role::LegalReviewer => Key::RoleLegalReviewer,
        Role::Approver => Key::RoleApprover,
        Role::DisclosureEditor => Key::RoleDisclosureEditor,
        Role::Auditor => Key::RoleAuditor,
    }
}

/// The message for a stable problem `code` from the API, when the table has one.
pub fn problem_key(code: &str) -> Option<Key> {
    Some(match code {
        "invalid_credentials" => Key::ErrInvalidCredentials,
        "rate_limited" => Key::ErrRateLimited,
        "unauthorized" => Key::ErrUnauthorized,
        "forbidden" => Key::ErrForbidden,
        "not_found" => Key::ErrNotFound,
        "validation_failed" => Key::ErrValidationFailed,
        "refresh_token_reused" => Key::ErrSessionExpired,
        "internal" | "internal_error" => Key::ErrInternal,
        "service_unavailable" => Key::ErrServiceUnavailable,
        _ => return None,
    })
}

/// zh-CN column.
fn zh_cn(key: Key) -> &'static str {
    match key {
        Key::AppName => "三项执法管理平台",
        Key::AppNameLatin => "Sanxiang",
        Key::Loading => "正在加载…",

        Key::LoginTitle => "用户登录",
        Key::LoginSubtitle => "行政执法公示 · 执法全过程记录 · 重大执法决定法制审核",
        Key::Username => "用户名",
        Key::Password => "密码",
        Key::UsernamePlaceholder => "请输入用户名",
        Key::PasswordPlaceholder => "请输入密码",
        Key::LoginSubmit => "登录",
        Key::LoginPending => "正在登录…",
        Key::UsernameRequired => "请输入用户名。",
        Key::PasswordRequired => "请输入密码。",

        Key::CurrentUser => "当前用户",
        Key::Logout => "退出登录",
        Key::LogoutPending => "正在退出…",
        Key::MainNav => "主导航",
        Key::NavDashboard => "工作台",
        Key::NavProfile => "个人信息",
        Key::NavCases => "案件",
        Key::NavLegalReview => "法制审核",
        Key::NavDisclosure => "公示",
        Key::NavAudit => "审计",
        Key::NavAdmin => "用户与机构",

        Key::DashboardWelcome => "您好，{name}",
        Key::DashboardIntro => "请从导航菜单选择要办理的事项。",
        Key::DashboardEntries => "您可以使用的功能",

        Key::ProfileTitle => "个人信息",
        Key::ProfileDisplayName => "姓名",
        Key::ProfileUsername => "用户名",
        Key::ProfileAgency => "所属执法主体",
        Key::ProfileRoles => "角色",
        Key::ProfileNoRoles => "未分配角色",

        // Placeholders (即将推出).
        Key::ComingSoonBadge => "即将推出",
        Key::ComingSoonBody => "此功能正在建设中，将在后续版本中提供。",

        Key::NotAllowed => "您没有访问此页面的权限。",

        Key::RoleAdmin => "系统管理员",
        Key::RoleOfficer => "执法人员",
        Key::RoleLegalReviewer => "法制审核人员",
        Key::RoleApprover => "机关负责人",
        Key::RoleDisclosureEditor => "公示编辑人员",
        Key::RoleAuditor => "审计人员",

        Key::ErrInvalidCredentials => "用户名或密码错误。",
        Key::ErrRateLimited => "尝试次数过多，请稍后再试。",
        Key::ErrUnauthorized => "登录已失效，请重新登录。",
        Key::ErrForbidden => "您没有执行此操作的权限。",
        Key::ErrNotFound => "请求的内容不存在。",
        Key::ErrValidationFailed => "输入有误，请检查后重试。",
        Key::ErrInternal => "服务器内部错误，请稍后再试。",
        Key::ErrServiceUnavailable => "服务暂不可用，请稍后再试。",
        Key::ErrNetwork => "无法连接服务器，请检查网络后重试。",
        Key::ErrUnexpectedResponse => "服务器返回了无法识别的响应，请稍后再试。",
        Key::ErrSessionExpired => "登录已过期，请重新登录。",
    }
}
