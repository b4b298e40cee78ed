//! The fields of the payment, on-the-spot collection, remedy, court, licence-acceptance and
//! emergency-measure actions (行政处罚法 art. 66–73; 行政强制法 art. 19, 24, 53; 行政许可法 art. 32),
//! and the command each builds. Amounts are typed in 元 and sent in fen.

use crate::format::{date_value, from_wire, parse_date, parse_yuan, today, wire};
use crate::i18n::{collection_ground_key, remedy_kind_key, remedy_result_key, t, Key};
use leptos::prelude::*;
use sanxiang_domain::case::{
    Action, CollectionGround, Command, Instalment, OfficerId, RemedyKind, RemedyResult, SeizureList,
};

const GROUNDS: [CollectionGround; 5] = [
    CollectionGround::SmallFine,
    CollectionGround::HardToExecuteLater,
    CollectionGround::RemoteArea,
    CollectionGround::OnWater,
    CollectionGround::PoorTransport,
];
const REMEDIES: [RemedyKind; 2] = [RemedyKind::Reconsideration, RemedyKind::Litigation];
const RESULTS: [RemedyResult; 4] = [
    RemedyResult::Upheld,
    RemedyResult::Changed,
    RemedyResult::Revoked,
    RemedyResult::Withdrawn,
];

/// The form state. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct ExecutionInput {
    pub amount: RwSignal<String>,
    pub ground: RwSignal<String>,
    pub receipt: RwSignal<String>,
    pub party_requested: RwSignal<bool>,
    pub landed_on: RwSignal<String>,
    pub until: RwSignal<String>,
    pub instalments: RwSignal<String>,
    pub remedy: RwSignal<String>,
    pub result: RwSignal<String>,
    pub court: RwSignal<String>,
    pub missing: RwSignal<String>,
    pub emergency: RwSignal<bool>,
    pub items: RwSignal<String>,
    pub handed_over_on: RwSignal<String>,
}

impl ExecutionInput {
    /// Empty fields; the amount is prefilled with what is owed, when known.
    pub fn new(outstanding_fen: Option<i64>) -> Self {
        let today_s = date_value(today());
        Self {
            amount: RwSignal::new(
                outstanding_fen
                    .filter(|f| *f > 0)
                    .map(crate::format::fen_to_yuan)
                    .unwrap_or_default(),
            ),
            ground: RwSignal::new(wire(&CollectionGround::SmallFine)),
            receipt: RwSignal::new(String::new()),
            party_requested: RwSignal::new(false),
            landed_on: RwSignal::new(String::new()),
            until: RwSignal::new(String::new()),
            instalments: RwSignal::new(String::new()),
            remedy: RwSignal::new(wire(&RemedyKind::Reconsideration)),
            result: RwSignal::new(wire(&RemedyResult::Upheld)),
            court: RwSignal::new(String::new()),
            missing: RwSignal::new(String::new()),
            emergency: RwSignal::new(false),
            items: RwSignal::new(String::new()),
            handed_over_on: RwSignal::new(today_s),
        }
    }

    fn money(self) -> Result<i64, Key> {
        parse_yuan(&self.amount.get_untracked())
            .filter(|f| *f > 0)
            .ok_or(Key::ErrMoneyInvalid)
    }

    /// Instalments typed one a line: `2026-12-31 500` (date, amount in 元).
    fn plan(self) -> Result<Vec<Instalment>, Key> {
        self.instalments
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (date, amount) = l
                    .split_once(char::is_whitespace)
                    .ok_or(Key::ErrInstalmentsFormat)?;
                Ok(Instalment {
                    due_on: parse_date(date.trim()).ok_or(Key::ErrInstalmentsFormat)?,
                    amount_fen: parse_yuan(amount.trim())
                        .filter(|f| *f > 0)
                        .ok_or(Key::ErrInstalmentsFormat)?,
                })
            })
            .collect()
    }

    /// The command of `action` on `on`, with `approver` where the agency head approves.
    pub fn command(
        self,
        action: Action,
        on: chrono::NaiveDate,
        approver: Option<OfficerId>,
    ) -> Result<Command, Key> {
        Ok(match action {
            Action::RecordFinePayment => Command::RecordFinePayment {
                on,
                amount_fen: self.money()?,
            },
            Action::CollectOnSpot => Command::CollectOnSpot {
                on,
                ground: from_wire(&self.ground.get_untracked())
                    .unwrap_or(CollectionGround::SmallFine),
                receipt_number: self.receipt.get_untracked().trim().to_owned(),
                amount_fen: self.money()?,
                party_requested: self.party_requested.get_untracked(),
                landed_on: parse_date(&self.landed_on.get_untracked()),
            },
            Action::HandInCollection => Command::HandInCollection { on },
            Action::ApproveDeferral => Command::ApproveDeferral {
                on,
                approved_by: approver,
                until: parse_date(&self.until.get_untracked()).ok_or(Key::ErrDateRequired)?,
            },
            Action::ApproveInstalments => Command::ApproveInstalments {
                on,
                approved_by: approver,
                instalments: self.plan()?,
            },
            Action::RecordRemedy => Command::RecordRemedy {
                on,
                kind: from_wire(&self.remedy.get_untracked())
                    .unwrap_or(RemedyKind::Reconsideration),
            },
            Action::EndRemedy => Command::EndRemedy {
                on,
                result: from_wire(&self.result.get_untracked()).unwrap_or(RemedyResult::Upheld),
            },
            Action::ApplyCourtEnforcement => Command::ApplyCourtEnforcement {
                on,
                court: self.court.get_untracked().trim().to_owned(),
            },
            Action::RequestCorrection => Command::RequestCorrection {
                on,
                missing: self
                    .missing
                    .get_untracked()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
            },
            Action::ReceiveSupplement => Command::ReceiveSupplement { on },
            Action::ImplementMeasure => Command::ImplementMeasure {
                on,
                emergency: self.emergency.get_untracked(),
                seizure_list: match self.items.get_untracked().trim().parse::<u32>() {
                    Ok(items) => Some(SeizureList {
                        items,
                        handed_over_on: parse_date(&self.handed_over_on.get_untracked())
                            .ok_or(Key::ErrDateRequired)?,
                    }),
                    Err(_) => None,
                },
            },
            Action::DisapproveMeasure => Command::DisapproveMeasure {
                on,
                approved_by: approver,
            },
            _ => return Err(Key::ErrInvalidTransition),
        })
    }
}

/// The fields of `action` (nothing for the other actions).
#[component]
pub fn ExecutionFields(input: ExecutionInput, action: Action) -> impl IntoView {
    let amount_field = matches!(action, Action::RecordFinePayment | Action::CollectOnSpot);
    view! {
        <Show when=move || amount_field>
            <div class="field">
                <label for="action-paid">{t(Key::FieldPaidYuan)}</label>
                <input id="action-paid" type="text" inputmode="decimal" bind:value=input.amount />
            </div>
        </Show>
        <Show when=move || action == Action::CollectOnSpot>
            <div class="field">
                <label for="action-ground">{t(Key::FieldCollectionGround)}</label>
                <select
                    id="action-ground"
                    prop:value=move || input.ground.get()
                    on:change=move |ev| input.ground.set(event_target_value(&ev))
                >
                    {GROUNDS
                        .iter()
                        .map(|g| view! { <option value=wire(g)>{t(collection_ground_key(*g))}</option> })
                        .collect_view()}
                </select>
            </div>
            <label class="check">
                <input id="action-party-requested" type="checkbox" bind:checked=input.party_requested />
                <span>{t(Key::FieldPartyRequested)}</span>
            </label>
            <div class="field">
                <label for="action-receipt">{t(Key::FieldReceiptNumber)}</label>
                <input id="action-receipt" type="text" bind:value=input.receipt />
            </div>
            <div class="field">
                <label for="action-landed-on">{t(Key::FieldLandedOn)}</label>
                <input id="action-landed-on" type="date" bind:value=input.landed_on />
            </div>
        </Show>
        <Show when=move || action == Action::ApproveDeferral>
            <div class="field">
                <label for="action-until">{t(Key::FieldDeferredUntil)}</label>
                <input id="action-until" type="date" bind:value=input.until />
            </div>
        </Show>
        <Show when=move || action == Action::ApproveInstalments>
            <div class="field">
                <label for="action-instalments">{t(Key::FieldInstalments)}</label>
                <textarea id="action-instalments" rows="3" placeholder="2026-12-31 500" bind:value=input.instalments></textarea>
            </div>
        </Show>
        <Show when=move || action == Action::RecordRemedy>
            <div class="field">
                <label for="action-remedy">{t(Key::FieldRemedyKind)}</label>
                <select
                    id="action-remedy"
                    prop:value=move || input.remedy.get()
                    on:change=move |ev| input.remedy.set(event_target_value(&ev))
                >
                    {REMEDIES
                        .iter()
                        .map(|k| view! { <option value=wire(k)>{t(remedy_kind_key(*k))}</option> })
                        .collect_view()}
                </select>
            </div>
        </Show>
        <Show when=move || action == Action::EndRemedy>
            <div class="field">
                <label for="action-remedy-result">{t(Key::FieldRemedyResult)}</label>
                <select
                    id="action-remedy-result"
                    prop:value=move || input.result.get()
                    on:change=move |ev| input.result.set(event_target_value(&ev))
                >
                    {RESULTS
                        .iter()
                        .map(|r| view! { <option value=wire(r)>{t(remedy_result_key(*r))}</option> })
                        .collect_view()}
                </select>
            </div>
        </Show>
        <Show when=move || action == Action::ApplyCourtEnforcement>
            <div class="field">
                <label for="action-court">{t(Key::FieldCourt)}</label>
                <input id="action-court" type="text" bind:value=input.court />
            </div>
        </Show>
        <Show when=move || action == Action::RequestCorrection>
            <div class="field">
                <label for="action-missing">{t(Key::FieldMissingItems)}</label>
                <textarea id="action-missing" rows="3" bind:value=input.missing></textarea>
            </div>
        </Show>
        <Show when=move || action == Action::ImplementMeasure>
            <label class="check">
                <input id="action-emergency" type="checkbox" bind:checked=input.emergency />
                <span>{t(Key::FieldEmergency)}</span>
            </label>
            <div class="field">
                <label for="action-items">{t(Key::FieldSeizureItems)}</label>
                <input id="action-items" type="text" inputmode="numeric" bind:value=input.items />
            </div>
            <div class="field">
                <label for="action-handed-over-on">{t(Key::FieldListHandedOverOn)}</label>
                <input id="action-handed-over-on" type="date" bind:value=input.handed_over_on />
            </div>
        </Show>
    }
}
