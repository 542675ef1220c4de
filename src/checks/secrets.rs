//! What the plaintext-secret checks of every area share: whether a value
//! written where a secret belongs is a real secret, a placeholder copied
//! from an example, or something filled in before the program reads the
//! file.

/// What a value written in a secret's place is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Written {
    /// Nothing (blank).
    Blank,
    /// Filled in by a template or an environment substitution
    /// (`{{ .password }}`, `${PASSWORD}`, `$PASSWORD`, `$__env{X}`).
    Substituted,
    /// An example value never filled in (`changeme`, `<webhook-id>`,
    /// `...`): no secret, and broken until replaced.
    Placeholder,
    /// Anything else: taken for a real secret.
    Secret,
}

/// Judges a value written where a secret belongs.
pub(crate) fn judge(value: &str) -> Written {
    let t = value.trim();
    if t.is_empty() {
        Written::Blank
    } else if is_substituted(t) {
        Written::Substituted
    } else if is_placeholder(t) {
        Written::Placeholder
    } else {
        Written::Secret
    }
}

/// A value some tool fills in before the file is read: a Go or Helm
/// template, `${VAR}` (envsubst, Grafana), `$VAR`, Grafana's `$__env{…}`
/// and `$__file{…}`.
fn is_substituted(v: &str) -> bool {
    v.contains("{{")
        || v.contains("${")
        || v.contains("$__")
        || v.strip_prefix('$').is_some_and(|name| {
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
}

/// A value someone copied from an example and never filled in:
/// `YOUR/WEBHOOK/URL`, `your-password`, `changeme`, `xxxx`, `<secret>`,
/// `<webhook-id>`, `...`, addresses at `example.com` or `yourdomain.com`.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    if lower.is_empty() || lower.contains("{{") {
        return false;
    }
    const EXACT: &[&str] = &[
        "password",
        "secret",
        "token",
        "changeme",
        "todo",
        "tbd",
        "dummy",
        "xxx",
        "apikey",
        "api_key",
        "api-key",
        "placeholder",
    ];
    if EXACT.contains(&lower.as_str()) {
        return true;
    }
    const PARTS: &[&str] = &[
        "changeme",
        "change_me",
        "change-me",
        "replace_me",
        "replaceme",
        "replace-me",
        "placeholder",
        "xxxx",
        "<your",
        // Elided: `...`, `https://hooks.slack.com/services/...`.
        "...",
        "\u{2026}",
    ];
    if PARTS.iter().any(|p| lower.contains(p)) {
        return true;
    }
    // Masked: `****`.
    if lower.len() >= 3 && lower.bytes().all(|b| b == b'*') {
        return true;
    }
    if has_angle_placeholder(&lower) {
        return true;
    }
    // A word starting with "your": YOUR/WEBHOOK/URL, your-password,
    // YOUR_PAGERDUTY_KEY, alerts@yourdomain.com.
    if lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.starts_with("your"))
    {
        return true;
    }
    // Reserved example domains (RFC 2606).
    let host = lower
        .rsplit_once('@')
        .map_or(lower.as_str(), |(_, h)| h)
        .split([':', '/', '>'])
        .next()
        .unwrap_or("");
    let host = host.trim_start_matches("//");
    ["example.com", "example.org", "example.net"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// A `<name>` slot to fill in: `<secret>`, `<webhook-id>`,
/// `<team-X-key>`, `<API token>`. An address in angle brackets (`Ops
/// <ops@company.io>`) is not one.
fn has_angle_placeholder(v: &str) -> bool {
    v.split('<').skip(1).any(|rest| {
        rest.split_once('>').is_some_and(|(inside, _)| {
            (1..=64).contains(&inside.len())
                && inside.chars().any(|c| c.is_ascii_alphabetic())
                && inside
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "https://hooks.slack.com/services/YOUR/WEBHOOK/URL",
            "https://hooks.slack.com/services/<webhook-id>",
            "https://hooks.slack.com/services/...",
            "...",
            "<team-X-key>",
            "<API token>",
            "your-password",
            "YOUR_PAGERDUTY_SERVICE_KEY",
            "alerts@yourdomain.com",
            "changeme",
            "smtp.example.com:587",
            "<secret>",
            "********",
            "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
        ] {
            assert!(is_placeholder(p), "{p}");
            assert_eq!(judge(p), Written::Placeholder, "{p}");
        }
        for v in [
            "http://127.0.0.1:5001/",
            "s3cr3t-Value",
            "ops@company.io",
            "Ops <ops@company.io>",
            "smtp.gmail.com:587",
            "{{ .CommonLabels.x }}",
            "a<b",
            "<>",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
    }

    #[test]
    fn judgement() {
        for s in [
            "${SLACK_URL}",
            "https://hooks.slack.com/services/${SLACK_TOKEN}",
            "$PASSWORD",
            "$__env{TOKEN}",
            "$__file{/run/secrets/token}",
            "{{ .Values.password }}",
        ] {
            assert_eq!(judge(s), Written::Substituted, "{s}");
        }
        for s in [
            "hunter2",
            "$3cr3t!",
            "https://hooks.slack.com/services/T1234/B5678/abcdefXYZ",
            "xoxb-123456789012-abcdefghij",
        ] {
            assert_eq!(judge(s), Written::Secret, "{s}");
        }
        assert_eq!(judge("  "), Written::Blank);
    }
}
