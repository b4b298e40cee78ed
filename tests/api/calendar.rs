//! The working-day calendar (行政处罚法 art. 85): shipped years 2019–2026, an admin adding the
//! next year's notice, validation, and who may change it.

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use chrono::NaiveDate;
use sanxiang_persistence::calendar;
use serde_json::json;

on_both_databases!(
    shipped_years_are_listed,
    platform_admin_adds_next_year,
    bad_days_are_refused,
    only_platform_admins_change_the_calendar,
);

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn shipped_years_are_listed(app: TestApp) {
    let (officer, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    let r = app.get("/api/v1/calendar", Some(&officer)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["years"], json!((2019..=2026).collect::<Vec<i32>>()));

    let r = app.get("/api/v1/calendar/2024", Some(&officer)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["year"], 2024);
    assert!(r.body["source"].as_str().unwrap().contains("国务院办公厅"));
    let days = r.body["days"].as_array().unwrap();
    assert_eq!(days.len(), 36, "28 off + 8 workdays in the 2024 notice");
    let national_day = days.iter().find(|x| x["date"] == "2024-10-01").unwrap();
    assert_eq!(national_day["kind"], "off");
    assert_eq!(national_day["name"], "国庆节");
    let sunday = days.iter().find(|x| x["date"] == "2024-09-29").unwrap();
    assert_eq!(sunday["kind"], "workday");

    // The 2019 notice reaches back to the Saturday 2018-12-29 (a make-up working day).
    let r = app.get("/api/v1/calendar/2019", Some(&officer)).await;
    assert_eq!(r.body["days"][0]["date"], "2018-12-29");
    assert_eq!(r.body["days"][0]["kind"], "workday");

    app.get("/api/v1/calendar/2027", Some(&officer))
        .await
        .problem(404, "not_found");
    app.get("/api/v1/calendar", None)
        .await
        .problem(401, "unauthorized");

    // What the case engine computes with is what was shipped.
    let cal = calendar::load(&app.db).await.unwrap();
    let shipped = sanxiang_domain::calendar::Calendar::shipped().unwrap();
    assert_eq!(cal, shipped);
    assert_eq!(cal.is_working_day(d("2024-10-01")), Ok(false));
    assert_eq!(cal.is_working_day(d("2018-12-29")), Ok(true));
    assert!(cal.is_working_day(d("2027-01-04")).is_err());
}

async fn platform_admin_adds_next_year(app: TestApp) {
    let admin = app.admin().await;
    let body = json!({
        "source": "国办发明电〔2026〕1号",
        "days": [
            {"date": "2027-01-01", "kind": "off", "name": "元旦"},
            {"date": "2027-02-06", "kind": "workday", "name": "春节"},
            {"date": "2027-02-05", "kind": "off", "name": "春节"},
        ],
    });
    let r = app
        .send_json("PUT", "/api/v1/calendar/2027", Some(&admin), &body)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["year"], 2027);
    assert_eq!(r.body["days"].as_array().unwrap().len(), 3);
    assert_eq!(r.body["days"][0]["date"], "2027-01-01");

    let (officer, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    let list = app.get("/api/v1/calendar", Some(&officer)).await;
    assert_eq!(
        list.body["years"],
        json!((2019..=2027).collect::<Vec<i32>>())
    );
    let got = app.get("/api/v1/calendar/2027", Some(&officer)).await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.body, r.body);
    assert_eq!(got.body["source"], "国办发明电〔2026〕1号");
    let ny = got.body["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["date"] == "2027-01-01")
        .unwrap();
    assert_eq!(ny["kind"], "off");

    let cal = calendar::load(&app.db).await.unwrap();
    assert_eq!(cal.is_working_day(d("2027-01-01")), Ok(false));
    assert_eq!(cal.is_working_day(d("2027-01-04")), Ok(true));
    assert_eq!(cal.is_working_day(d("2027-02-06")), Ok(true));
    assert!(cal.is_working_day(d("2028-01-03")).is_err());

    // PUT replaces the whole year.
    let r = app
        .send_json(
            "PUT",
            "/api/v1/calendar/2027",
            Some(&admin),
            &json!({"source": "国办发明电〔2026〕2号", "days": [{"date": "2027-01-01", "kind": "off", "name": "元旦"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["days"].as_array().unwrap().len(), 1);
    let cal = calendar::load(&app.db).await.unwrap();
    assert_eq!(cal.is_working_day(d("2027-02-05")), Ok(true));
    assert_eq!(cal.is_working_day(d("2027-02-06")), Ok(false));

    // Replacing a shipped year keeps the other years intact.
    let r2024 = app.get("/api/v1/calendar/2024", Some(&officer)).await;
    let r = app
        .send_json(
            "PUT",
            "/api/v1/calendar/2024",
            Some(&admin),
            &json!({"source": "更正", "days": r2024.body["days"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["days"], r2024.body["days"]);
    let r2019 = app.get("/api/v1/calendar/2019", Some(&officer)).await;
    assert_eq!(r2019.body["days"][0]["date"], "2018-12-29");
}

async fn bad_days_are_refused(app: TestApp) {
    let admin = app.admin().await;
    let put = |body: serde_json::Value| {
        let app = app.clone();
        let admin = admin.clone();
        async move {
            app.send_json("PUT", "/api/v1/calendar/2027", Some(&admin), &body)
                .await
        }
    };
    // A day outside the year.
    let r = put(json!({"source": "x", "days": [
        {"date": "2027-01-01", "kind": "off", "name": "元旦"},
        {"date": "2026-12-31", "kind": "off", "name": "元旦"},
    ]}))
    .await;
    assert!(r.problem(422, "validation_failed")["errors"]["days[1].date"].is_array());
    // A make-up workday on a weekday (2027-01-04 is a Monday).
    let r = put(json!({"source": "x", "days": [
        {"date": "2027-01-04", "kind": "workday", "name": "元旦"},
    ]}))
    .await;
    assert!(r.problem(422, "validation_failed")["errors"]["days[0].kind"].is_array());
    // The same date twice.
    put(json!({"source": "x", "days": [
        {"date": "2027-01-01", "kind": "off", "name": "元旦"},
        {"date": "2027-01-01", "kind": "off", "name": "元旦"},
    ]}))
    .await
    .problem(422, "validation_failed");
    // Unknown kind, empty source, over-long name.
    put(
        json!({"source": "x", "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}]}),
    )
    .await
    .problem(422, "validation_failed");
    put(json!({"source": "", "days": []}))
        .await
        .problem(422, "validation_failed");
    put(json!({"source": "x", "days": [{"date": "2027-01-01", "kind": "off", "name": "元".repeat(33)}]}))
        .await
        .problem(422, "validation_failed");
    // An absurd year.
    app.send_json(
        "PUT",
        "/api/v1/calendar/1066",
        Some(&admin),
        &json!({"source": "x", "days": []}),
    )
    .await
    .problem(422, "validation_failed");
    // Nothing was written.
    app.get("/api/v1/calendar/2027", Some(&admin))
        .await
        .problem(404, "not_found");
}

async fn only_platform_admins_change_the_calendar(app: TestApp) {
    let admin = app.admin().await;
    let other = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "本溪市财政局", "short_name": "本财"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "b_admin", "display_name": "B", "password": "b-admin-password", "agency_id": other, "roles": ["admin"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let (b_admin, _) = app.login("b_admin", "b-admin-password").await;
    let (officer, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    let body =
        json!({"source": "x", "days": [{"date": "2027-01-01", "kind": "off", "name": "元旦"}]});
    app.send_json("PUT", "/api/v1/calendar/2027", Some(&b_admin), &body)
        .await
        .problem(403, "forbidden");
    app.send_json("PUT", "/api/v1/calendar/2027", Some(&officer), &body)
        .await
        .problem(403, "forbidden");
    app.send_json("PUT", "/api/v1/calendar/2027", None, &body)
        .await
        .problem(401, "unauthorized");
    // Reading is open to every signed-in user.
    let r = app.get("/api/v1/calendar/2026", Some(&b_admin)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    app.get("/api/v1/calendar/2027", Some(&b_admin))
        .await
        .problem(404, "not_found");
}
