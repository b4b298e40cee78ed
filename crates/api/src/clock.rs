//! The one clock the server reads. Handlers, background tasks and extractors take the time from
//! the [`Clock`] in `AppState` (the domain takes it as a parameter and never reads it), so that
//! a test can move the server's time forward — a publication period ending, a withdrawal or a
//! publication falling due — through the API alone.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Wall time plus an offset that only tests change (production never does). Time keeps flowing
/// under an offset, so events written in order keep their order.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// The current date in China (UTC+8), the day every period counts from.
    pub fn today(&self) -> NaiveDate {
        sanxiang_domain::calendar::china_date(self.now())
    }

    /// Moves the clock forward (or back) by `by` (tests).
    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }

    /// Moves the clock so that today (in China) is `day`, keeping the time of day (tests).
    pub fn set_today(&self, day: NaiveDate) {
        let days = (day - self.today()).num_days();
        self.advance(Duration::days(days));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offset_moves_today_and_time_keeps_flowing() {
        let c = Clock::system();
        let shared = c.clone();
        let day = NaiveDate::from_ymd_opt(2031, 5, 20).unwrap();
        shared.set_today(day);
        assert_eq!(c.today(), day);
        let a = c.now();
        c.advance(Duration::days(2));
        assert!(c.now() >= a + Duration::days(2));
        assert_eq!(
            Clock::system().today(),
            sanxiang_domain::calendar::china_date(Utc::now())
        );
    }
}
