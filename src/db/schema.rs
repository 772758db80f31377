//! The diesel schema, shared by both backends (written to match `migrations/*/`).

diesel::table! {
    calendar_versions (version) {
        version -> BigInt,
        created_at -> Timestamp,
        source -> Text,
        note -> Text,
        entries_added -> BigInt,
    }
}

diesel::table! {
    calendar_entries (id) {
        id -> Text,
        day -> Date,
        kind -> Text,
        name -> Text,
        source -> Text,
        known_from -> Date,
        jurisdiction -> Text,
        version -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(calendar_entries -> calendar_versions (version));

diesel::table! {
    ki_jurisdictions (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        level -> Text,
        parent_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        address -> Text,
        email -> Text,
        phone -> Text,
        website -> Text,
        dispute_form_url -> Text,
    }
}

diesel::table! {
    public_bodies (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        level -> Text,
        time_zone -> Text,
        ppid_email -> Text,
        ppid_phone -> Text,
        ppid_address -> Text,
        request_number_format -> Text,
        objection_number_format -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        letterhead -> Text,
        letter_number_format -> Text,
        ppid_signatory_name -> Text,
        ppid_signatory_nip -> Text,
        ppid_signatory_position -> Text,
        atasan_signatory_nip -> Text,
        demo -> Bool,
        letter_place -> Text,
    }
}

diesel::table! {
    body_ki_assignments (id) {
        id -> Text,
        body_id -> Text,
        jurisdiction_id -> Text,
        applies_from -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    units (id) {
        id -> Text,
        body_id -> Text,
        slug -> Text,
        name -> Text,
        time_zone -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    requesters (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        email -> Text,
        phone -> Text,
        address -> Text,
        occupation -> Text,
        created_at -> Timestamp,
        purged_at -> Nullable<Timestamp>,
        nik_encrypted -> Nullable<Text>,
        nik_blind_index -> Nullable<Text>,
        entity_decree_number -> Text,
        representative_name -> Text,
        representative_nik_encrypted -> Nullable<Text>,
        language -> Text,
    }
}

diesel::table! {
    registration_counters (body_id, series, year) {
        body_id -> Text,
        series -> Text,
        year -> BigInt,
        last_seq -> BigInt,
    }
}

diesel::table! {
    requests (id) {
        id -> Text,
        body_id -> Text,
        unit_id -> Nullable<Text>,
        requester_id -> Text,
        registration_number -> Text,
        registration_year -> BigInt,
        registration_seq -> BigInt,
        channel -> Text,
        received_at -> Timestamp,
        received_on -> Date,
        information -> Text,
        purpose -> Text,
        state -> Text,
        c1_due -> Date,
        c2_due -> Nullable<Date>,
        notice_due -> Date,
        c3_due -> Nullable<Date>,
        calendar_version -> BigInt,
        notice_on -> Nullable<Date>,
        decision -> Nullable<Text>,
        provided_on -> Nullable<Date>,
        ended_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        obtain_method -> Text,
        delivery_method -> Text,
        publish_consent -> Bool,
        text_hidden -> Bool,
        tracking_token_hash -> Nullable<Text>,
        compliance -> Text,
        requester_mailable -> Bool,
    }
}

diesel::table! {
    objections (id) {
        id -> Text,
        body_id -> Text,
        request_id -> Nullable<Text>,
        requester_id -> Text,
        registration_number -> Text,
        registration_year -> BigInt,
        registration_seq -> BigInt,
        channel -> Text,
        received_at -> Timestamp,
        received_on -> Date,
        grounds -> Text,
        summary -> Text,
        late -> Bool,
        state -> Text,
        c4_due -> Date,
        c5_due -> Nullable<Date>,
        calendar_version -> BigInt,
        decided_on -> Nullable<Date>,
        outcome -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        representative_name -> Text,
        compliance -> Text,
        requester_mailable -> Bool,
        order_due -> Nullable<Date>,
        order_carried_out_on -> Nullable<Date>,
    }
}

diesel::table! {
    tracking_links (token_hash) {
        token_hash -> Text,
        request_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    disputes (id) {
        id -> Text,
        body_id -> Text,
        objection_id -> Text,
        jurisdiction_id -> Text,
        filed_on -> Date,
        late -> Bool,
        c5_due -> Date,
        confirmed -> Bool,
        ki_number -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        compliance -> Text,
    }
}

diesel::table! {
    /// A view (migration 25): what a request's tracking page is made from, as numbers that only grow.
    tracking_stamps (request_id) {
        request_id -> Text,
        token_hash -> Text,
        request_version -> BigInt,
        body_version -> BigInt,
        unit_version -> BigInt,
        calendar_version -> BigInt,
        ki_assignments -> BigInt,
        ki_versions -> BigInt,
        objections -> BigInt,
        objection_versions -> BigInt,
        disputes -> BigInt,
        dispute_versions -> BigInt,
        documents -> BigInt,
        letters -> BigInt,
    }
}

diesel::table! {
    case_events (id) {
        id -> Text,
        case_kind -> Text,
        case_id -> Text,
        seq -> BigInt,
        body_id -> Text,
        event_type -> Text,
        payload -> Text,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        reason -> Text,
        recorded_at -> Timestamp,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    chain_anchors (anchor_date) {
        anchor_date -> Date,
        created_at -> Timestamp,
        heads -> Text,
        head_count -> BigInt,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    body_logos (body_id) {
        body_id -> Text,
        content_type -> Text,
        width -> Integer,
        height -> Integer,
        components -> Integer,
        sha256 -> Text,
        data -> Binary,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(body_logos -> public_bodies (body_id));
diesel::joinable!(units -> public_bodies (body_id));
diesel::joinable!(body_ki_assignments -> public_bodies (body_id));
diesel::joinable!(body_ki_assignments -> ki_jurisdictions (jurisdiction_id));
diesel::joinable!(requests -> public_bodies (body_id));
diesel::joinable!(objections -> public_bodies (body_id));
diesel::table! {
    compliance_totals (grain, body_id, period_start, unit_id, metric) {
        grain -> Text,
        body_id -> Text,
        unit_id -> Text,
        period_start -> Date,
        metric -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    compliance_snapshots (id) {
        id -> Text,
        scope_kind -> Text,
        scope -> Text,
        period -> Text,
        version -> BigInt,
        supersedes -> Nullable<Text>,
        reason -> Text,
        document -> Text,
        digest -> Text,
        frozen_by -> Nullable<Text>,
        frozen_at -> Timestamp,
    }
}

diesel::table! {
    annual_reports (body_id, year) {
        body_id -> Text,
        year -> BigInt,
        facilities -> Text,
        staff -> Text,
        budget -> Text,
        obstacles -> Text,
        recommendations -> Text,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    annual_report_publications (id) {
        id -> Text,
        body_id -> Text,
        year -> BigInt,
        version -> BigInt,
        document -> Text,
        digest -> Text,
        published_by -> Nullable<Text>,
        published_at -> Timestamp,
    }
}

diesel::table! {
    monev_results (id) {
        id -> Text,
        body_id -> Text,
        year -> BigInt,
        version -> BigInt,
        band -> Text,
        score_hundredths -> Nullable<BigInt>,
        reference -> Text,
        note -> Text,
        recorded_by -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    calendar_entries,
    calendar_versions,
    ki_jurisdictions,
    public_bodies,
    body_ki_assignments,
    units,
    requesters,
    requests,
    objections,
    tracking_links,
    disputes,
    case_events,
    rate_limit_hits,
    instance_facts,
    requester_documents,
    response_documents,
    users,
    sign_in_links,
    sessions,
    case_notes,
    letters,
    second_factors,
    recovery_codes,
    second_factor_challenges,
    api_tokens,
    identity_access_log,
    mail_outbox,
    mail_failing_addresses,
    mail_opt_outs,
    compliance_rollup,
    compliance_snapshots,
    compliance_totals,
    annual_reports,
    annual_report_publications,
    monev_results,
);

diesel::table! {
    idempotency_keys (scope, key_hash) {
        scope -> Text,
        key_hash -> Text,
        request_hash -> Text,
        status -> Integer,
        body_encrypted -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rate_limit_hits (id) {
        id -> Text,
        bucket -> Text,
        key_hash -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    requester_documents (id) {
        id -> Text,
        requester_id -> Text,
        kind -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        storage_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    response_documents (id) {
        id -> Text,
        request_id -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        storage_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        name -> Text,
        email -> Text,
        role -> Text,
        body_id -> Nullable<Text>,
        unit_id -> Nullable<Text>,
        jurisdiction_id -> Nullable<Text>,
        password_hash -> Nullable<Text>,
        must_change_password -> Bool,
        disabled_at -> Nullable<Timestamp>,
        failed_logins -> BigInt,
        locked_until -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        language -> Text,
    }
}

diesel::table! {
    sign_in_links (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        purpose -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    case_notes (id) {
        id -> Text,
        case_id -> Text,
        body_id -> Text,
        author_id -> Text,
        text -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    letters (id) {
        id -> Text,
        body_id -> Text,
        case_id -> Text,
        kind -> Text,
        number -> Text,
        letter_date -> Date,
        issued_at -> Timestamp,
    }
}

diesel::table! {
    second_factors (user_id) {
        user_id -> Text,
        secret_encrypted -> Text,
        enabled_at -> Nullable<Timestamp>,
        last_step -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    recovery_codes (code_hash) {
        code_hash -> Text,
        user_id -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    second_factor_challenges (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        expires_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        revoked_because -> Nullable<Text>,
    }
}

diesel::table! {
    identity_access_log (id) {
        id -> Text,
        user_id -> Text,
        case_id -> Text,
        requester_id -> Text,
        what -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        kind -> Text,
        recipient -> Text,
        language -> Text,
        params_encrypted -> Text,
        case_id -> Nullable<Text>,
        dedupe_key -> Nullable<Text>,
        status -> Text,
        attempts -> BigInt,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        last_error -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        handled_at -> Nullable<Timestamp>,
        handled_by -> Nullable<Text>,
        handled_note -> Text,
        lease_holder -> Nullable<Text>,
    }
}

diesel::table! {
    compliance_rollup (body_id, day, unit_id, channel, applicant_type, metric) {
        body_id -> Text,
        unit_id -> Text,
        day -> Date,
        channel -> Text,
        applicant_type -> Text,
        metric -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    mail_failing_addresses (address) {
        address -> Text,
        failed_at -> Timestamp,
        answer -> Text,
    }
}

diesel::table! {
    instance_facts (name) {
        name -> Text,
        value -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    mail_opt_outs (requester_id) {
        requester_id -> Text,
        opted_out_at -> Timestamp,
    }
}
