//! `docker-compose.yml` and the `Dockerfile` cannot run here (no Docker engine): parse and check them.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn compose_file_is_correct() {
    let text = std::fs::read_to_string(root().join("docker-compose.yml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let services = doc["services"].as_mapping().unwrap();
    assert!(services.contains_key("db") && services.contains_key("app"));
    let db = &doc["services"]["db"];
    assert!(db["image"].as_str().unwrap().starts_with("postgres:16"));
    assert!(db["healthcheck"]["test"].is_sequence() || db["healthcheck"]["test"].is_string());
    let volume = db["volumes"][0].as_str().unwrap();
    let named = volume.split(':').next().unwrap();
    assert!(
        doc["volumes"].as_mapping().unwrap().contains_key(named),
        "db must use a named volume"
    );
    let app = &doc["services"]["app"];
    assert_eq!(app["build"]["dockerfile"].as_str().unwrap(), "Dockerfile");
    assert_eq!(
        app["depends_on"]["db"]["condition"].as_str().unwrap(),
        "service_healthy"
    );
    assert!(app["env_file"].is_sequence() || app["env_file"].is_string());
    let env = &app["environment"];
    let url = env["SANXIANG_DATABASE_URL"].as_str().unwrap();
    assert!(
        url.starts_with("postgres://") && url.contains("@db:5432/"),
        "{url}"
    );
    // Secrets never inline.
    assert!(env.get("SANXIANG_JWT_SECRET").is_none() && env.get("POSTGRES_PASSWORD").is_none());
    assert!(root().join(".env.example").exists());
}

#[test]
fn dockerfile_is_multi_stage_and_non_root() {
    let text = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let froms = text
        .lines()
        .filter(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM "))
        .count();
    assert!(froms >= 2, "multi-stage build expected");
    let user = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("USER "))
        .expect("USER line");
    assert!(
        !user.contains("root") && !user.trim().ends_with(" 0"),
        "{user}"
    );
    assert!(text.contains("wasm32-unknown-unknown") && text.contains("wasm-bindgen"));
    assert!(text.contains("sanxiang"));
}
