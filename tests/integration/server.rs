//! `promlint server` driven through the Language Server Protocol as an
//! editor drives it: JSON-RPC over the process's stdin and stdout.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const ALERTMANAGER: &str = "\
route:
  receiver: team
  routes:
    - receiver: pager
      matchers:
        - alertname=\"HighLatency\"
receivers:
  - name: team
    webhook_configs:
      - url: http://team.example.org/alerts
  - name: pager
    webhook_configs:
      - url: http://pager.example.org/alerts
";

const RULES: &str = "\
groups:
  - name: latency
    rules:
      - alert: HighLatency
        expr: rate(http_seconds_sum[5m]) > 1
        labels:
          severity: page
";

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_promlint"))
            .arg("server")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn promlint server");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result (notifications that arrive
    /// meanwhile are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let reply = self.wait(|m| m["id"] == json!(id));
        assert!(reply.get("error").is_none(), "{reply}");
        reply["result"].clone()
    }

    fn wait(&mut self, mut wanted: impl FnMut(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .expect("the server answers in time");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("promlint-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("alertmanager.yml"), ALERTMANAGER).expect("write");
    std::fs::write(dir.join("latency.rules.yml"), RULES).expect("write");
    dir.canonicalize().expect("canonical")
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect()
}

#[test]
#[cfg(unix)]
fn diagnostics_follow_unsaved_edits_across_files() {
    let root = workspace("session");
    let rules = uri(&root.join("latency.rules.yml"));
    let alertmanager = uri(&root.join("alertmanager.yml"));
    let mut client = Client::start(&root);

    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    client.notify("initialized", json!({}));

    // The editor's text, not the file on disk: the alert is renamed (so
    // the route in alertmanager.yml names no alert any more) and its
    // query is cut short. `é` before the error: UTF-16 columns differ
    // from bytes.
    let broken = RULES
        .replace("alert: HighLatency", "alert: HighLatancy")
        .replace(
            "expr: rate(http_seconds_sum[5m]) > 1",
            "expr: rate(http_seconds_sum{path=\"é\"}[5m] > 1",
        );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": rules, "languageId": "yaml", "version": 1, "text": broken}}),
    );
    let mut on_rules = None;
    let mut on_alertmanager = None;
    while on_rules.is_none() || on_alertmanager.is_none() {
        let m = client.wait(|m| m["method"] == "textDocument/publishDiagnostics");
        let list = m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if m["params"]["uri"] == rules {
            on_rules = Some(list);
        } else if m["params"]["uri"] == alertmanager {
            on_alertmanager = Some(list);
        }
    }
    let on_rules = on_rules.expect("rules");
    let on_alertmanager = on_alertmanager.expect("alertmanager");
    assert_eq!(codes(&on_rules), ["promql/syntax"], "{on_rules:?}");
    // Cross-file: the open rule file's unsaved text is what the
    // Alertmanager configuration is checked against.
    assert_eq!(
        codes(&on_alertmanager),
        ["project/unknown-alertname"],
        "{on_alertmanager:?}"
    );
    let syntax = &on_rules[0];
    assert_eq!(syntax["severity"], 1);
    assert_eq!(syntax["source"], "promlint");
    assert_eq!(syntax["range"]["start"]["line"], 4);
    assert_eq!(syntax["data"]["code"], "promql/syntax");

    // Hover over the finding shows `promlint explain`.
    let position = syntax["range"]["start"].clone();
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": rules}, "position": position}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(shown.contains("**promql/syntax** (error)"), "{shown}");
    assert!(shown.contains("promql/syntax (error)\n\n"), "{shown}");
    // Nowhere near a finding: nothing.
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": rules}, "position": {"line": 0, "character": 0}}),
    );
    assert!(nothing.is_null(), "{nothing}");

    // The code action disables the finding on its line.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": rules}, "range": syntax["range"].clone(),
               "context": {"diagnostics": [syntax.clone()]}}),
    );
    // A finding without a fix: only the action that disables it.
    assert_eq!(actions.as_array().map(Vec::len), Some(1), "{actions}");
    let action = &actions[0];
    assert_eq!(action["title"], "Disable promql/syntax on this line");
    let edit = &action["edit"]["changes"][&rules][0];
    assert_eq!(edit["newText"], "  # promlint disable=promql/syntax");
    assert_eq!(edit["range"]["start"]["line"], 4);

    // Fix both in one incremental change at the expression line: the
    // findings in both files are cleared.
    let expr_line = broken.lines().nth(4).expect("line 4");
    let utf16_len = expr_line.encode_utf16().count();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": rules, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": utf16_len}},
             "text": "        expr: rate(http_seconds_sum{path=\"é\"}[5m]) > 1"},
            {"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 99}},
             "text": "      - alert: HighLatency"}
        ]}),
    );
    let mut cleared = (false, false);
    while !(cleared.0 && cleared.1) {
        let m = client.wait(|m| m["method"] == "textDocument/publishDiagnostics");
        let empty = m["params"]["diagnostics"]
            .as_array()
            .is_some_and(|d| d.is_empty());
        if m["params"]["uri"] == rules {
            assert!(empty, "{m}");
            cleared.0 = true;
        } else if m["params"]["uri"] == alertmanager {
            assert!(empty, "{m}");
            cleared.1 = true;
        }
    }

    // Closing a file with no findings publishes nothing new; the server
    // shuts down and exits cleanly.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": rules}}),
    );
    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown.is_null());
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("wait");
    assert!(status.success(), "{status}");
}

/// Applies LSP text edits to `text` (ASCII: UTF-16 columns are bytes).
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().expect("line") as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().expect("character") as usize
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let text = e["newText"].as_str().expect("text");
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                text,
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, new) in spans {
        out.replace_range(a..b, new);
    }
    out
}

#[test]
#[cfg(unix)]
fn findings_with_a_fix_offer_it_as_the_preferred_action() {
    let root = workspace("fix");
    let mut client = Client::start(&root);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    let alertmanager = uri(&root.join("alertmanager.yml"));
    let legacy = ALERTMANAGER.replace(
        "matchers:\n        - alertname=\"HighLatency\"",
        "match:\n        alertname: HighLatency",
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": alertmanager, "languageId": "yaml", "version": 1, "text": legacy}}),
    );
    let d = client.diagnostics(&alertmanager);
    assert_eq!(codes(&d), ["alertmanager/deprecated-match"], "{d:?}");
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": alertmanager}, "range": d[0]["range"].clone(),
               "context": {"diagnostics": [d[0].clone()]}}),
    );
    let actions = actions.as_array().cloned().unwrap_or_default();
    assert_eq!(actions.len(), 2, "{actions:?}");
    assert_eq!(actions[0]["title"], "Rewrite `match` as `matchers`");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(
        actions[1]["title"],
        "Disable alertmanager/deprecated-match on this line"
    );
    let edits = actions[0]["edit"]["changes"][&alertmanager]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let fixed = apply_edits(&legacy, &edits);
    assert!(fixed.contains("matchers:"), "{fixed}");
    assert!(!fixed.contains("match:"), "{fixed}");

    // The fixed text has no finding left.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": alertmanager, "version": 2},
               "contentChanges": [{"text": fixed}]}),
    );
    let d = client.diagnostics(&alertmanager);
    assert!(d.is_empty(), "{d:?}");

    // A dashboard: its fix, and no comment (JSON has none).
    let dashboard = uri(&root.join("d.json"));
    let text = "{\"title\": \"T\", \"uid\": \"t\", \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"P\", \"datasource\": {\"type\": \"prometheus\", \"uid\": \"p\"}, \"targets\": [{\"refId\": \"A\", \"expr\": \"rate(a[2m])\"}]}]}";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": dashboard, "languageId": "json", "version": 1, "text": text}}),
    );
    let d = client.diagnostics(&dashboard);
    let at = d
        .iter()
        .find(|d| d["code"] == "grafana/rate-interval")
        .unwrap_or_else(|| panic!("{d:?}"));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": dashboard}, "range": at["range"].clone(),
               "context": {"diagnostics": [at.clone()]}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["diagnostics"][0]["code"] == "grafana/rate-interval")
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert_eq!(titles.len(), 1, "{actions}");
    assert!(!titles[0].starts_with("Disable"), "{titles:?}");
    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown.is_null());
    client.notify("exit", Value::Null);
    assert!(client.child.wait().expect("wait").success());
}

#[test]
#[cfg(unix)]
fn closing_a_file_brings_back_what_is_on_disk_and_utf8_is_negotiated() {
    let root = workspace("close");
    let rules_path = root.join("latency.rules.yml");
    std::fs::write(&rules_path, RULES.replace("[5m]) > 1", "[5m] > 1")).expect("write");
    let rules = uri(&rules_path);
    let mut client = Client::start(&root);
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root),
               "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    client.notify("initialized", json!({}));
    // Open with the error fixed in the editor: no findings.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": rules, "languageId": "yaml", "version": 1, "text": RULES}}),
    );
    // Nothing is published for a workspace without findings; a second
    // file's text with a finding proves the check ran.
    let other = uri(&root.join("other.rules.yml"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": other, "languageId": "yaml", "version": 1,
               "text": "groups:\n  - name: a\n    rules:\n      - record: x\n        expr: count(up{a=\"é\"}) by (\n"}}),
    );
    let d = client.diagnostics(&other);
    assert_eq!(codes(&d), ["promql/syntax"], "{d:?}");
    // UTF-8: columns are bytes (34 in UTF-16: `é` is two bytes).
    assert_eq!(d[0]["range"]["start"], json!({"line": 4, "character": 35}));
    // Closed: the file on disk (with its error) is what counts again,
    // and the unsaved file, gone, is cleared.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": rules}}),
    );
    let d = client.diagnostics(&rules);
    assert_eq!(codes(&d), ["promql/syntax"], "{d:?}");
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": other}}),
    );
    assert!(client.diagnostics(&other).is_empty());
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().expect("wait").success());
}
