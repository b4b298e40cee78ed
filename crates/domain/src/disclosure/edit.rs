//! An editor's change to a draft disclosure, as a pure function: masks only grow. Text that
//! would bring back what the automatic masking or an earlier edit masked is refused with the
//! field it is in; names and masks sent are added to those already there; the new texts are
//! masked again before anyone sees them (行政处罚法 art. 50).

use super::publication::{check_masks_kept, premask, DecisionSource, MaskRemoved};

/// What an editor changes (absent: unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceEdit {
    pub facts: Option<String>,
    pub legal_basis: Option<Vec<String>>,
    /// Names of further persons never to publish (added).
    pub third_persons: Option<Vec<String>>,
    /// Further text to mask (added).
    pub extra_masks: Option<Vec<String>>,
    /// 法定代表人 (or operator) when the case did not give it: the 双公示 templates require it
    /// of organisations.
    pub legal_representative: Option<String>,
}

/// The source and the editor's masks after `edit`, or the field that would unmask.
pub fn apply_edit(
    src: &DecisionSource,
    extra_masks: &[String],
    edit: &SourceEdit,
) -> Result<(DecisionSource, Vec<String>), MaskRemoved> {
    if let Some(f) = &edit.facts {
        check_masks_kept(src, extra_masks, "facts", f)?;
    }
    for b in edit.legal_basis.iter().flatten() {
        check_masks_kept(src, extra_masks, "legal_basis", b)?;
    }
    let mut next = src.clone();
    if let Some(f) = &edit.facts {
        next.facts = f.clone();
    }
    if let Some(b) = &edit.legal_basis {
        next.legal_basis = b.clone();
    }
    if let Some(t) = &edit.third_persons {
        add_missing(&mut next.third_persons, t);
    }
    if let Some(r) = edit.legal_representative.as_deref().map(str::trim) {
        next.legal_representative = Some(r.to_owned()).filter(|r| !r.is_empty());
    }
    let mut masks = extra_masks.to_vec();
    if let Some(m) = &edit.extra_masks {
        add_missing(&mut masks, m);
    }
    premask(&mut next);
    Ok((next, masks))
}

/// Appends the items of `more` that `list` does not hold yet, in order.
fn add_missing(list: &mut Vec<String>, more: &[String]) {
    for x in more {
        let x = x.trim();
        if !x.is_empty() && !list.iter().any(|l| l == x) {
            list.push(x.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::party::PartyKind;
    use chrono::NaiveDate;

    fn src() -> DecisionSource {
        let mut s = DecisionSource {
            party_name: "张三".into(),
            party_kind: PartyKind::NaturalPerson,
            credit_code: None,
            person_id_number: Some("11010519491231002X".into()),
            address: None,
            contact: Some("13912345678".into()),
            decision_number: "桓财罚决〔2026〕12号".into(),
            violation_type: "会计违法".into(),
            facts: "证人李四证实张三（电话13912345678）伪造凭证。".into(),
            legal_basis: vec!["《会计法》第四十二条".into()],
            categories: vec![],
            content: "罚款5000元".into(),
            fine_fen: 500_000,
            confiscation_fen: 0,
            licence_action: None,
            decided_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            agency_name: "某局".into(),
            agency_credit_code: None,
            third_persons: vec!["李四".into()],
            private_numbers: vec![],
            individual_business: false,
            legal_representative: None,
            party_codes: Default::default(),
            id_type: None,
            penalty_kinds: vec![],
            licence_document: None,
            licence_granted: None,
            licence: None,
        };
        premask(&mut s);
        s
    }

    /// 行政处罚法 art. 50: masks only grow — an edit that brings back a masked name is refused
    /// naming the field; an edit that adds masks goes through and is masked at once.
    #[test]
    fn an_editor_adds_masks_and_never_removes_them_art_50() {
        let s = src();
        assert!(!s.facts.contains("李四") && !s.facts.contains("13912345678"));
        let back = SourceEdit {
            facts: Some("证人李四证实张三伪造凭证。".into()),
            ..Default::default()
        };
        assert_eq!(
            apply_edit(&s, &[], &back).map(|_| ()),
            Err(MaskRemoved {
                field: "facts".into()
            })
        );
        let basis = SourceEdit {
            legal_basis: Some(vec!["电话 139-1234-5678".into()]),
            ..Default::default()
        };
        assert_eq!(
            apply_edit(&s, &[], &basis).map(|_| ()),
            Err(MaskRemoved {
                field: "legal_basis".into()
            })
        );
        let more = SourceEdit {
            facts: Some("证人＊＊＊与王五证实张三伪造凭证。".into()),
            third_persons: Some(vec!["王五".into()]),
            extra_masks: Some(vec!["伪造凭证".into()]),
            ..Default::default()
        };
        let (next, masks) = apply_edit(&s, &[], &more).unwrap();
        assert!(!next.facts.contains("王五"), "{}", next.facts);
        assert_eq!(
            next.third_persons,
            vec!["李四".to_owned(), "王五".to_owned()]
        );
        assert_eq!(masks, vec!["伪造凭证".to_owned()]);
        // The editor's own mask cannot be typed back either.
        let again = SourceEdit {
            facts: Some("张三伪造凭证。".into()),
            ..Default::default()
        };
        assert!(apply_edit(&next, &masks, &again).is_err());
    }
}
