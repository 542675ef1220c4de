use crate::checks::secrets::{judge, Written};
use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::provisioning::SecureValue;
use crate::project::Project;

declare_rule! {
    /// A value under a provisioned datasource's `secureJsonData` (a
    /// password, token or key) is written in the file.
    ///
    /// Grafana encrypts these in its database, but the provisioning file
    /// sits in the repository in plain text. Grafana expands `$__env{VAR}`,
    /// `${VAR}` and `$__file{path}` in provisioning files: keep the secret
    /// in the environment or in a mounted secret file.
    ///
    /// Not reported: placeholders copied from an example (`...`,
    /// `<password>`, `changeme`), certificates (`tlsCACert`,
    /// `tlsClientCert` are public; the key `tlsClientKey` is not), and
    /// header values sent as a tenant id (`httpHeaderName1:
    /// X-Scope-OrgID`), which name a tenant rather than prove who is
    /// asking.
    pub static RULE = ("grafana/plaintext-secret", Warning, "A provisioned datasource secret is written in plain text");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for v in file
            .grafana_provisioning
            .iter()
            .flat_map(|p| &p.datasources)
            .flat_map(|d| &d.secure)
        {
            if !is_secret(v) {
                continue;
            }
            let key = &v.key;
            sink.report(
                i,
                v.span,
                format!("`secureJsonData.{key}` is written in the file"),
                Some(format!(
                    "read it from the environment or a file: `{key}: $__env{{VAR}}` (or `${{VAR}}`), `{key}: $__file{{/run/secrets/...}}`"
                )),
            );
        }
    }
}

/// Whether a `secureJsonData` value is a secret written in the file.
fn is_secret(v: &SecureValue) -> bool {
    // Grafana expands `$VAR` anywhere in a provisioning file.
    if v.value.contains('$') || judge(&v.value) != Written::Secret {
        return false;
    }
    // Certificates are public.
    if matches!(v.key.as_str(), "tlsCACert" | "tlsClientCert") {
        return false;
    }
    !v.header.as_deref().is_some_and(is_tenant_header)
}

/// Headers that name a tenant (Cortex, Mimir, Loki, Tempo: `X-Scope-OrgID`;
/// Thanos: `THANOS-TENANT`) rather than carry a credential.
fn is_tenant_header(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    n == "x-scope-orgid" || n.contains("tenant")
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    fn run(secure: &str, json: &str) -> Vec<(String, String)> {
        let ds = format!(
            "apiVersion: 1\ndatasources:\n  - name: A\n    type: prometheus\n    jsonData:\n{json}    secureJsonData:\n{secure}"
        );
        findings("grafana/plaintext-secret", &[("ds.yml", &ds)])
    }

    #[test]
    fn fires_on_written_secrets() {
        let f = run(
            "      basicAuthPassword: hunter2\n      tlsClientKey: \"-----BEGIN PRIVATE KEY-----\\nMIIEv\"\n      httpHeaderValue1: Bearer eyJhbGciOi\n",
            "      httpHeaderName1: Authorization\n",
        );
        let at: Vec<_> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            at,
            [
                "\"-----BEGIN PRIVATE KEY-----\\nMIIEv\"",
                "Bearer eyJhbGciOi",
                "hunter2"
            ],
            "{f:?}"
        );
        // A header not known to name a tenant is taken for a credential.
        let f = run(
            "      httpHeaderValue1: abc123\n",
            "      httpHeaderName1: X-Api-Key\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn silent_on_placeholders_certificates_and_tenants() {
        let f = run(
            "      tlsCACert: \"...\"\n      tlsClientCert: \"-----BEGIN CERTIFICATE-----\\nMIIC\"\n      tlsClientKey: \"...\"\n      password: <password>\n      basicAuthPassword: changeme\n      httpHeaderValue1: docker\n      httpHeaderValue2: ${TOKEN}\n",
            "      httpHeaderName1: X-Scope-OrgID\n      httpHeaderName2: Authorization\n",
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
