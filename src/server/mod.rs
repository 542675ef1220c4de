//! `promlint server`: a language server over stdio. The workspace folders
//! are the project (as `promlint check` reads them), with the editor's
//! unsaved text in place of the open files; every file's findings are
//! published, located in the negotiated position encoding. Hover shows
//! `promlint explain` for the findings under the cursor; code actions come
//! from `actions::PROVIDERS`.
//!
//! Built on `lsp-server` (the synchronous transport rust-analyzer uses):
//! checks run on rayon already, so an async runtime would only add
//! moving parts.

pub mod actions;
pub mod position;
pub mod workspace;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{self as lsp, Url};
use position::{Encoding, Lines};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};
pub use workspace::Workspace;

/// How long the server waits after a change before checking, so that a
/// burst of keystrokes is checked once.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Serves on stdin/stdout until the client says `exit`; the process's
/// exit code.
pub fn run() -> i32 {
    let (connection, io_threads) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    let joined = io_threads.join();
    match (served, joined) {
        (Ok(()), Ok(())) => 0,
        (Err(e), _) => {
            eprintln!("promlint server: {e}");
            1
        }
        (_, Err(e)) => {
            eprintln!("promlint server: {e}");
            1
        }
    }
}

fn serve(connection: &Connection) -> Result<(), Error> {
    let (id, params) = connection.initialize_start()?;
    let params: lsp::InitializeParams = serde_json::from_value(params)?;
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let capabilities = lsp::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp::SaveOptions {
                        include_text: Some(false),
                    },
                )),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        ..Default::default()
    };
    let result = lsp::InitializeResult {
        capabilities,
        server_info: Some(lsp::ServerInfo {
            name: "promlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut server = Server {
        workspace: Workspace::new(roots(&params)),
        encoding,
        published: HashMap::new(),
        pending: None,
    };
    server.main_loop(connection)
}

/// The workspace folders, else the root the client names.
#[allow(deprecated)] // `root_uri`/`root_path`: what older clients send
fn roots(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        let roots: Vec<PathBuf> = folders
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        if !roots.is_empty() {
            return roots;
        }
    }
    if let Some(path) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
        return vec![path];
    }
    params
        .root_path
        .as_ref()
        .map(PathBuf::from)
        .into_iter()
        .collect()
}

/// What was last published for one file.
struct Published {
    diagnostics: Vec<crate::diagnostic::Diagnostic>,
    /// The LSP ranges of `diagnostics`, in the same order.
    ranges: Vec<lsp::Range>,
}

struct Server {
    workspace: Workspace,
    encoding: Encoding,
    /// Files with findings published, by URI.
    published: HashMap<Url, Published>,
    /// When the next (debounced) check is due.
    pending: Option<Instant>,
}

impl Server {
    fn main_loop(&mut self, connection: &Connection) -> Result<(), Error> {
        loop {
            let message = match self.pending {
                Some(due) => {
                    match connection
                        .receiver
                        .recv_timeout(due.saturating_duration_since(Instant::now()))
                    {
                        Ok(m) => m,
                        Err(e) if e.is_timeout() => {
                            self.check(connection)?;
                            continue;
                        }
                        Err(_) => return Ok(()),
                    }
                }
                None => match connection.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return Ok(()),
                },
            };
            match message {
                Message::Request(req) => {
                    if connection.handle_shutdown(&req)? {
                        return Ok(());
                    }
                    let response = self.request(req);
                    connection.sender.send(Message::Response(response))?;
                }
                Message::Notification(n) => self.notification(connection, n)?,
                Message::Response(_) => {}
            }
        }
    }

    fn notification(&mut self, connection: &Connection, n: Notification) -> Result<(), Error> {
        use lsp::notification as note;
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let p: lsp::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                if let Ok(path) = p.text_document.uri.to_file_path() {
                    let new = !self.workspace.is_open(&path);
                    self.workspace
                        .overlay
                        .insert(path.clone(), p.text_document.text);
                    if new {
                        self.workspace.files_changed(&[]);
                    }
                    self.check(connection)?;
                }
            }
            note::DidChangeTextDocument::METHOD => {
                let p: lsp::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                if let Ok(path) = p.text_document.uri.to_file_path() {
                    if let Some(text) = self.workspace.overlay.get_mut(&path) {
                        for change in &p.content_changes {
                            position::apply_change(text, change, self.encoding);
                        }
                        self.pending = Some(Instant::now() + DEBOUNCE);
                    }
                }
            }
            note::DidSaveTextDocument::METHOD => {
                let p: lsp::DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                if let Ok(path) = p.text_document.uri.to_file_path() {
                    if let (Some(text), Some(open)) =
                        (p.text, self.workspace.overlay.get_mut(&path))
                    {
                        *open = text;
                    }
                    self.workspace.files_changed(&[path]);
                    self.check(connection)?;
                }
            }
            note::DidCloseTextDocument::METHOD => {
                let p: lsp::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                if let Ok(path) = p.text_document.uri.to_file_path() {
                    self.workspace.overlay.remove(&path);
                    self.workspace.files_changed(&[path]);
                    self.check(connection)?;
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                let p: lsp::DidChangeWatchedFilesParams = serde_json::from_value(n.params)?;
                let paths: Vec<PathBuf> = p
                    .changes
                    .iter()
                    .filter_map(|c| c.uri.to_file_path().ok())
                    .collect();
                self.workspace.files_changed(&paths);
                self.check(connection)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn request(&mut self, req: Request) -> Response {
        use lsp::request as r;
        let result = match req.method.as_str() {
            r::HoverRequest::METHOD => serde_json::from_value(req.params)
                .map_err(|e| e.to_string())
                .and_then(|p| to_json(self.hover(&p))),
            r::CodeActionRequest::METHOD => serde_json::from_value(req.params)
                .map_err(|e| e.to_string())
                .and_then(|p| to_json(self.code_actions(&p))),
            _ => {
                return Response::new_err(
                    req.id,
                    ErrorCode::MethodNotFound as i32,
                    format!("unhandled method {}", req.method),
                )
            }
        };
        response(req.id, result)
    }

    /// Checks now and publishes what changed.
    fn check(&mut self, connection: &Connection) -> Result<(), Error> {
        self.pending = None;
        let checked = self.workspace.check();
        let log = lsp::LogMessageParams {
            typ: lsp::MessageType::LOG,
            message: format!(
                "checked {} files ({} parsed, {} checked again) in {:.1} ms",
                checked.stats.files,
                checked.stats.parsed,
                checked.stats.rechecked,
                checked.stats.elapsed.as_secs_f64() * 1000.0
            ),
        };
        connection
            .sender
            .send(Message::Notification(Notification::new(
                lsp::notification::LogMessage::METHOD.into(),
                log,
            )))?;
        let mut seen = std::collections::HashSet::new();
        for (path, file) in checked.files {
            let Ok(uri) = Url::from_file_path(&path) else {
                continue;
            };
            seen.insert(uri.clone());
            if self
                .published
                .get(&uri)
                .is_some_and(|p| p.diagnostics == file.diagnostics)
            {
                continue;
            }
            let lines = Lines::new(&file.text);
            let ranges: Vec<lsp::Range> = file
                .diagnostics
                .iter()
                .map(|d| lines.range(d.span.start, d.span.end, self.encoding))
                .collect();
            let diagnostics = file
                .diagnostics
                .iter()
                .zip(&ranges)
                .map(|(d, r)| to_lsp(d, *r))
                .collect();
            publish(connection, uri.clone(), diagnostics)?;
            self.published.insert(
                uri,
                Published {
                    diagnostics: file.diagnostics,
                    ranges,
                },
            );
        }
        let gone: Vec<Url> = self
            .published
            .keys()
            .filter(|u| !seen.contains(*u))
            .cloned()
            .collect();
        for uri in gone {
            self.published.remove(&uri);
            publish(connection, uri, Vec::new())?;
        }
        Ok(())
    }

    /// The findings under the cursor, each with `promlint explain`.
    fn hover(&self, p: &lsp::HoverParams) -> Option<lsp::Hover> {
        let uri = &p.text_document_position_params.text_document.uri;
        let pos = p.text_document_position_params.position;
        let published = self.published.get(uri)?;
        let mut parts = Vec::new();
        let mut range = None;
        for (d, r) in published.diagnostics.iter().zip(&published.ranges) {
            if !contains(*r, pos) {
                continue;
            }
            range.get_or_insert(*r);
            let mut part = format!("**{}** ({}): {}", d.code, d.severity.as_str(), d.message);
            if let Some(help) = &d.help {
                part.push_str(&format!("\n\nhelp: {help}"));
            }
            if let Some(rule) = crate::checks::find_rule(d.code) {
                part.push_str("\n\n```text\n");
                part.push_str(&crate::cli::explain_text(rule));
                part.push_str("```");
            }
            parts.push(part);
        }
        if parts.is_empty() {
            return None;
        }
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    /// The actions of the findings in the range asked about.
    fn code_actions(&self, p: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let (Some(published), Ok(path)) = (self.published.get(uri), uri.to_file_path()) else {
            return Vec::new();
        };
        let Some(text) = self.workspace.overlay.get(&path) else {
            return Vec::new();
        };
        let lines = Lines::new(text);
        let project = self.workspace.checked_project(&path, text);
        let mut out = Vec::new();
        for (d, r) in published.diagnostics.iter().zip(&published.ranges) {
            if !overlaps(*r, p.range) {
                continue;
            }
            // Located in the current text: the document may have changed
            // since the check.
            let start = lines.offset(r.start, self.encoding);
            let end = lines.offset(r.end, self.encoding).max(start);
            let finding = actions::Finding {
                path: &path,
                text,
                code: d.code,
                span: crate::source::Span::new(start, end),
                project,
            };
            let diagnostic = to_lsp(d, *r);
            for a in actions::actions(&finding) {
                let edits = a
                    .edits
                    .iter()
                    .map(|e| lsp::TextEdit {
                        range: lines.range(e.span.start, e.span.end, self.encoding),
                        new_text: e.new_text.clone(),
                    })
                    .collect();
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: a.title,
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(lsp::WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits)])),
                        ..Default::default()
                    }),
                    is_preferred: a.preferred.then_some(true),
                    ..Default::default()
                }));
            }
        }
        out
    }
}

fn to_json<T: serde::Serialize>(value: T) -> Result<serde_json::Value, String> {
    serde_json::to_value(value).map_err(|e| e.to_string())
}

fn response(id: RequestId, result: Result<serde_json::Value, String>) -> Response {
    match result {
        Ok(v) => Response::new_ok(id, v),
        Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
    }
}

fn publish(
    connection: &Connection,
    uri: Url,
    diagnostics: Vec<lsp::Diagnostic>,
) -> Result<(), Error> {
    let params = lsp::PublishDiagnosticsParams {
        uri,
        diagnostics,
        version: None,
    };
    connection
        .sender
        .send(Message::Notification(Notification::new(
            lsp::notification::PublishDiagnostics::METHOD.into(),
            params,
        )))?;
    Ok(())
}

/// A finding as the protocol spells it: the help line follows the
/// message; `data` carries the code and help for clients that show it.
fn to_lsp(d: &crate::diagnostic::Diagnostic, range: lsp::Range) -> lsp::Diagnostic {
    use crate::diagnostic::Severity;
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    };
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    lsp::Diagnostic {
        range,
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        source: Some("promlint".into()),
        message,
        data: Some(serde_json::json!({
            "code": d.code,
            "help": d.help,
            "explain": format!("promlint explain {}", d.code),
        })),
        ..Default::default()
    }
}

fn contains(r: lsp::Range, p: lsp::Position) -> bool {
    r.start <= p && p <= r.end
}

fn overlaps(a: lsp::Range, b: lsp::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}
