//! Write combining for record appends: the appends that arrive while a batch is being written
//! are written together in the next one (one transaction, a handful of statements on
//! PostgreSQL, see [`cases::append_batch`]). Under light load a batch holds one append and adds
//! no wait; under load the batches grow with the queue, which is what keeps the database's
//! per-record cost down. Each request still gets its own answer: a refused job (archived case,
//! another agency's case) never affects the others in its batch.
//!
//! At shutdown [`Appender::flush`] waits until everything queued before it is written
//! (`crate::shutdown`).

use sanxiang_persistence::cases::{self, AppendError, AppendJob, StoredRecord};
use sanxiang_persistence::Db;
use tokio::sync::{mpsc, oneshot};

/// The most appends written in one transaction.
const MAX_BATCH: usize = 64;

type Reply = oneshot::Sender<Result<StoredRecord, AppendError>>;

#[expect(
    clippy::large_enum_variant,
    reason = "the queue held the same jobs unboxed before; flushes are rare, appends are not"
)]
enum Msg {
    Append(AppendJob, Reply),
    /// Answered once every append queued before it is written.
    Flush(oneshot::Sender<()>),
}

/// The node's append queue (cheap to clone).
#[derive(Clone)]
pub struct Appender {
    queue: mpsc::Sender<Msg>,
}

impl Appender {
    /// Starts the writer task on the current runtime; `batches` records each batch's size.
    pub fn start(db: Db, clock: crate::clock::Clock, batches: metrics::Histogram) -> Self {
        let (queue, mut rx) = mpsc::channel::<Msg>(4 * MAX_BATCH);
        actix_web::rt::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let mut jobs = Vec::with_capacity(batch.len());
                let mut replies = Vec::with_capacity(batch.len());
                let mut flushes = Vec::new();
                for msg in batch.drain(..) {
                    match msg {
                        Msg::Append(job, reply) => {
                            jobs.push(job);
                            replies.push(reply);
                        }
                        Msg::Flush(done) => flushes.push(done),
                    }
                }
                if !jobs.is_empty() {
                    batches.record(jobs.len() as f64);
                    let results = cases::append_batch(&db, jobs, clock.now()).await;
                    for (reply, result) in replies.into_iter().zip(results) {
                        // The request may have gone away; its record is written all the same.
                        let _ = reply.send(result);
                    }
                }
                for done in flushes {
                    let _ = done.send(());
                }
            }
        });
        Self { queue }
    }

    /// Appends one record (see [`cases::append_record`] for what is checked and written).
    pub async fn append(&self, job: AppendJob) -> Result<StoredRecord, AppendError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Msg::Append(job, reply))
            .await
            .map_err(|_| AppendError::WriterStopped)?;
        answer.await.map_err(|_| AppendError::WriterStopped)?
    }

    /// Waits until every append queued so far is written (committed and answered).
    pub async fn flush(&self) {
        let (done, written) = oneshot::channel();
        if self.queue.send(Msg::Flush(done)).await.is_ok() {
            let _ = written.await;
        }
    }
}
