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
diesel::allow_tables_to_appear_in_same_query!(calendar_entries, calendar_versions);
