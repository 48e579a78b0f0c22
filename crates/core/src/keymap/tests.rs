use super::*;

#[test]
fn defaults_are_clean_and_complete() {
    let map = Keymap::defaults();
    assert!(map.problems.is_empty(), "{:?}", map.problems);
    for c in Command::ALL {
        let palette_only = crate::commands::PALETTE_ONLY.contains(c);
        assert_eq!(map.keys_for(*c).is_empty(), palette_only, "{}: a key only where the palette is not enough", c.name());
    }
    assert_eq!(map.lookup(Scope::Week, Key::char('d')), Some(Command::CaptureDecision));
    assert_eq!(map.lookup(Scope::Matrix, Key::char('x')), Some(Command::DropItem));
    assert_eq!(map.lookup(Scope::Week, Key::char('x')), Some(Command::DeleteEntry));
}

#[test]
fn user_file_merges_per_key_and_reports_problems_with_lines() {
    let user = "[global]\n\"Q\" = \"quit\"\n\"z\" = \"fly\"\n\"<Nope>\" = \"quit\"\n\n[week]\n\"d\" = \"carry_over\"\n\"y\" = \"impact_up\"\n[moon]\n";
    let map = Keymap::with_user("keymap.toml", user);
    assert_eq!(map.lookup(Scope::Global, Key::char('Q')), Some(Command::Quit));
    assert_eq!(map.lookup(Scope::Global, Key::char('q')), Some(Command::Quit));
    let p = map.problems.join("\n");
    assert!(p.contains("keymap.toml:3: unknown command 'fly'"), "{p}");
    assert!(p.contains("keymap.toml:4: '<Nope>' is not a key"), "{p}");
    assert!(p.contains("keymap.toml:7: d is bound to 'carry_over' in [week]"), "{p}");
    assert!(p.contains("keymap.toml:8: 'impact_up' works on the Matrix screen only"), "{p}");
    assert!(p.contains("keymap.toml:9: unknown table [moon]"), "{p}");
}

#[test]
fn same_key_twice_in_a_table_is_a_conflict() {
    let map = Keymap::with_user("k.toml", "[global]\n\"<C-r>\" = \"redo\"\n\"<c-R>\" = \"undo\"\n");
    assert!(map.problems.iter().any(|p| p.contains("are the same key")), "{:?}", map.problems);
}

#[test]
fn messages_name_the_first_key_listed() {
    let map = Keymap::defaults();
    assert_eq!(
        map.say(Scope::Form, "{form_next_field/} next · {choice_prev}/{choice_next*} · {form_save}"),
        "Tab/↓ next · ←/→ Space · Enter"
    );
    assert_eq!(map.say(Scope::Confirm, "{confirm_discard} · {confirm_keep or}"), "y · Esc or C-c");
    assert_eq!(map.say(Scope::Help, "{down}/{up} {page_up}/{page_down}"), "j/k PgUp/PgDn", "the help's own keys first");
    assert_eq!(map.say(Scope::Global, "{down} {nonsense} {"), "↓ {nonsense} {", "unknown names and stray braces are left as typed");
    let user = Keymap::with_user("k.toml", "[global]\n\"u\" = \"none\"\n\"U\" = \"undo\"\n");
    assert_eq!(user.say(Scope::Global, "{undo} undoes"), "U undoes");
    let none = Keymap::with_user("k.toml", "[global]\n\"u\" = \"none\"\n");
    assert_eq!(none.say(Scope::Global, "{undo}"), "(no key for undo)");
}

#[test]
fn overlays_never_fall_back_to_global_keys_but_forgive_modifiers() {
    let map = Keymap::defaults();
    assert_eq!(map.overlay(Scope::Prompt, Key::char('q')), None, "a letter in a prompt is text");
    assert_eq!(map.overlay(Scope::Text, Key::parse("<S-Left>").unwrap()), Some(Command::TextLeft));
    assert_eq!(map.overlay(Scope::Text, Key::parse("<C-Left>").unwrap()), Some(Command::TextWordLeft));
    assert_eq!(map.overlay(Scope::Text, Key::parse("<C-A-x>").unwrap()), None, "characters are never stripped");
    let p = Keymap::with_user("k.toml", "[form]\n\"<C-d>\" = \"delete_entry\"\n[week]\n\"<C-s>\" = \"form_save\"\n");
    assert!(p.problems.iter().any(|p| p.contains("'delete_entry' works on the Week screen only")), "{:?}", p.problems);
    assert!(p.problems.iter().any(|p| p.contains("'form_save' works in forms only; bind it in [form]")), "{:?}", p.problems);
}

#[test]
fn a_typed_character_is_never_taken_from_text_fields() {
    let map = Keymap::with_user("k.toml", "[form]\n\"s\" = \"form_save\"\n[prompt]\n\"q\" = \"prompt_cancel\"\n");
    assert_eq!(map.exact(Scope::Form, Key::char('s')), None);
    assert_eq!(map.exact(Scope::Prompt, Key::char('q')), None);
    let p = map.problems.join("\n");
    assert!(p.contains("k.toml:2: 's' is typed into text fields in [form]"), "{p}");
    assert!(p.contains("k.toml:4: 'q' is typed into text fields in [prompt]"), "{p}");
}

#[test]
fn a_keymap_that_shuts_the_user_in_an_overlay_is_refused() {
    assert_eq!(Keymap::defaults().refusal(), None);
    let help = "[help]\n\"<Esc>\" = \"none\"\n\"<C-c>\" = \"none\"\n\"q\" = \"none\"\n\"?\" = \"none\"\n\"<Enter>\" = \"none\"\n";
    let why = Keymap::with_user("k.toml", help).refusal().unwrap_or_default();
    assert!(
        why.contains("no key for help_close (close the help), the way out of [help]")
            && why.contains("\"<Esc>\" = \"help_close\" in [help]"),
        "{why}"
    );
    let confirm = "[confirm]\n\"n\" = \"none\"\n\"N\" = \"none\"\n\"<Esc>\" = \"none\"\n\"<C-c>\" = \"none\"\n";
    assert!(Keymap::with_user("k.toml", confirm).refusal().is_some_and(|w| w.contains("[confirm]")));
}

#[test]
fn a_global_key_a_screen_hides_is_reported_from_the_global_table_too() {
    let map = Keymap::with_user("k.toml", "[global]\n\"x\" = \"help\"\n");
    let p = map.problems.join("\n");
    assert!(p.contains("k.toml:2: x is bound to 'delete_entry' in [week] and to 'help' everywhere else"), "{p}");
}

/// A problem names the line of its key, not an earlier one where the key's letter shows up (the
/// table's name, another key), whether the key is quoted or not.
#[test]
fn a_problem_names_the_line_of_its_own_key() {
    let map = Keymap::with_user("k.toml", "[global]\n\"<Tab>\" = \"next_screen\"\n\n\"a\" = \"help\"\ne = \"fly\"\n");
    let p = map.problems.join("\n");
    assert!(p.contains("k.toml:4: a is bound to"), "{p}");
    assert!(p.contains("k.toml:5: unknown command 'fly'"), "{p}");
    // A key written with an escape, as TOML reads it.
    let map = Keymap::with_user("k.toml", "[global]\n\"q\" = \"quit\"\n[week]\n  \"x\"   =   \"bogus\"  # note\n\"x\\u0041\" = \"quit\"\n");
    let p = map.problems.join("\n");
    assert!(p.contains("k.toml:4: unknown command 'bogus'") && p.contains("k.toml:5: 'xA' is not a key"), "{p}");
}

#[test]
fn none_frees_a_key() {
    let map = Keymap::with_user("k.toml", "[global]\n\"q\" = \"none\"\n");
    assert_eq!(map.lookup(Scope::Week, Key::char('q')), None);
    assert!(map.problems.is_empty());
}
