//! The built-in exporter catalogs: every data file is well formed, names
//! are unique, and the metrics that real rules and dashboards use (the
//! seed fixtures, the widely used mixins' alerts) are all there.

use std::collections::{BTreeSet, HashMap};

use promlint::catalog::builtin::{builtin_catalogs, format, EMBEDDED};
use promlint::catalog::{Declaration, MetricKind};
use promlint::promql::ast::ExprKind;
use promlint::syntax::yaml::{load_json, load_yaml, Node, NodeKind};

#[test]
fn every_data_file_is_well_formed() {
    for file in EMBEDDED {
        let (parsed, errors) = format::parse(file.text);
        assert!(
            errors.is_empty(),
            "{}: {}",
            file.source_name,
            errors
                .iter()
                .map(|e| format!("line {}: {}", e.line, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        );
        assert!(parsed.title.is_some(), "{} has a @title", file.source_name);
        assert!(
            !parsed.declarations.is_empty(),
            "{} lists families",
            file.source_name
        );
    }
}

#[test]
fn catalogs_load_with_titles_and_locations() {
    let catalogs = builtin_catalogs();
    assert_eq!(catalogs.len(), EMBEDDED.len());
    let node = catalogs.iter().find(|c| c.id == "node_exporter").unwrap();
    assert_eq!(node.title, "Prometheus node_exporter");
    assert_eq!(node.source_name, "node_exporter.catalog");
    let text = EMBEDDED
        .iter()
        .find(|f| f.id == "node_exporter")
        .unwrap()
        .text;
    for d in &node.declarations {
        let written = &text[d.span.range()];
        assert_eq!(
            written.trim_end_matches('*'),
            d.name,
            "span covers the name"
        );
    }
}

#[test]
fn names_are_unique_across_catalogs() {
    let mut seen: HashMap<(&str, bool), &str> = HashMap::new();
    for c in builtin_catalogs() {
        for d in &c.declarations {
            if let Some(other) = seen.insert((&d.name, d.name_is_prefix), c.id) {
                panic!("{} is in both {other} and {}", d.name, c.id);
            }
        }
    }
}

#[test]
fn counters_and_suffixes_are_consistent() {
    for c in builtin_catalogs() {
        for d in &c.declarations {
            if d.name.ends_with("_total") && !d.name_is_prefix {
                assert!(
                    matches!(
                        d.kind,
                        MetricKind::Counter | MetricKind::Untyped | MetricKind::Gauge
                    ),
                    "{}",
                    d.name
                );
            }
            for suffix in ["_bucket", "_sum", "_count"] {
                if d.name.ends_with(suffix) {
                    assert!(
                        !matches!(d.kind, MetricKind::Histogram | MetricKind::Summary),
                        "{} names a series, not the family",
                        d.name
                    );
                }
            }
        }
    }
}

/// The catalog entry for a series name: exact family, histogram/summary
/// series of a family, or a prefix family.
fn lookup(series: &str) -> Option<&'static Declaration> {
    let all = || builtin_catalogs().iter().flat_map(|c| &c.declarations);
    let exact = |name: &str| all().find(|d| !d.name_is_prefix && d.name == name);
    if let Some(d) = exact(series) {
        return Some(d);
    }
    for suffix in ["_bucket", "_sum", "_count"] {
        if let Some(base) = series.strip_suffix(suffix) {
            if let Some(d) = exact(base)
                .filter(|d| matches!(d.kind, MetricKind::Histogram | MetricKind::Summary))
            {
                return Some(d);
            }
        }
    }
    all().find(|d| d.name_is_prefix && series.starts_with(&d.name))
}

/// Metric names of exporters we ship catalogs for.
fn belongs_to_exporter(name: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "node_",
        "container_",
        "machine_",
        "kube_",
        "pg_",
        "redis_",
        "mysql_",
        "probe_",
        "prometheus_",
        "alertmanager_",
        "go_",
        "process_",
        "scrape_",
    ];
    PREFIXES.iter().any(|p| name.starts_with(p))
        || matches!(name, "up" | "ALERTS" | "ALERTS_FOR_STATE")
}

fn collect_exprs(node: &Node, out: &mut Vec<String>) {
    match &node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Sequence(items) => items.iter().for_each(|n| collect_exprs(n, out)),
        NodeKind::Mapping(entries) => {
            for e in entries {
                let is_expr = matches!(&e.key.kind, NodeKind::Scalar(k) if k.value == "expr");
                match &e.value.kind {
                    NodeKind::Scalar(v) if is_expr => out.push(v.value.clone()),
                    _ => collect_exprs(&e.value, out),
                }
            }
        }
    }
}

fn metric_names(expr: &str) -> Vec<String> {
    let parsed = promlint::promql::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e:?}"));
    let mut names = Vec::new();
    parsed.walk(&mut |e| {
        if let ExprKind::Vector(v) = &e.kind {
            if let Some(n) = &v.name {
                names.push(n.value.clone());
            }
        }
    });
    names
}

fn seed_names() -> BTreeSet<String> {
    let files = [
        "fixtures/seeds/chatbot-port8000/rules/alert.rules.yml",
        "fixtures/seeds/chatsdk/docker/prometheus/alerts.yml",
        "fixtures/seeds/chatsdk/docker/grafana/dashboards/chatsdk-overview.json",
    ];
    let mut names = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let loaded = if f.ends_with(".json") {
            load_json(&text)
        } else {
            load_yaml(&text)
        };
        let mut exprs = Vec::new();
        for doc in &loaded.documents {
            collect_exprs(&doc.root, &mut exprs);
        }
        assert!(!exprs.is_empty(), "{f} has expressions");
        for e in exprs {
            names.extend(metric_names(&e));
        }
    }
    names
}

#[test]
fn every_exporter_metric_of_the_seeds_is_known() {
    let names = seed_names();
    let exporter: Vec<_> = names.iter().filter(|n| belongs_to_exporter(n)).collect();
    assert_eq!(
        exporter,
        [
            "container_cpu_usage_seconds_total",
            "container_memory_usage_bytes",
            "container_spec_memory_limit_bytes",
            "node_cpu_seconds_total",
            "node_filesystem_avail_bytes",
            "node_filesystem_size_bytes",
            "node_memory_MemAvailable_bytes",
            "node_memory_MemTotal_bytes",
            "pg_settings_max_connections",
            "pg_stat_activity_count",
            "redis_memory_max_bytes",
            "redis_memory_used_bytes",
            "up",
        ],
        "the exporter metrics the seeds use"
    );
    let missing: Vec<_> = exporter.iter().filter(|n| lookup(n).is_none()).collect();
    assert!(
        missing.is_empty(),
        "not in any built-in catalog: {missing:?}"
    );
    // The application's own metrics (and its undefined ones) are not ours.
    for app in [
        "http_requests_total",
        "websocket_connection_limit",
        "cache_hits_total",
        "centrifugo_node_num_clients",
    ] {
        assert!(names.contains(app), "{app} is used by the seeds");
        assert!(
            lookup(app).is_none(),
            "{app} must not be in a built-in catalog"
        );
    }
}

#[test]
fn seed_postgres_ratio_has_the_label_sets_that_never_match() {
    let activity = lookup("pg_stat_activity_count").unwrap();
    assert_eq!(
        activity.labels.as_deref(),
        Some(&["datname".to_string(), "state".to_string()][..])
    );
    let setting = lookup("pg_settings_max_connections").unwrap();
    assert!(setting.name_is_prefix && setting.name == "pg_settings_");
    assert_eq!(setting.labels.as_deref(), Some(&[][..]));
    assert_eq!(setting.kind, MetricKind::Gauge);
}

/// Metrics the widely used alerting mixins and exporter alert examples use.
const MIXIN_METRICS: &[&str] = &[
    // node-mixin
    "node_cpu_seconds_total",
    "node_load1",
    "node_load5",
    "node_load15",
    "node_memory_MemAvailable_bytes",
    "node_memory_MemTotal_bytes",
    "node_memory_MemFree_bytes",
    "node_memory_Buffers_bytes",
    "node_memory_Cached_bytes",
    "node_memory_Slab_bytes",
    "node_vmstat_pgmajfault",
    "node_filesystem_avail_bytes",
    "node_filesystem_size_bytes",
    "node_filesystem_files_free",
    "node_filesystem_files",
    "node_filesystem_readonly",
    "node_disk_io_time_seconds_total",
    "node_disk_io_time_weighted_seconds_total",
    "node_disk_read_bytes_total",
    "node_disk_written_bytes_total",
    "node_network_receive_errs_total",
    "node_network_transmit_errs_total",
    "node_network_receive_bytes_total",
    "node_network_transmit_bytes_total",
    "node_network_receive_drop_total",
    "node_network_transmit_drop_total",
    "node_nf_conntrack_entries",
    "node_nf_conntrack_entries_limit",
    "node_textfile_scrape_error",
    "node_timex_offset_seconds",
    "node_timex_sync_status",
    "node_timex_maxerror_seconds",
    "node_md_disks",
    "node_md_disks_required",
    "node_md_state",
    "node_filefd_allocated",
    "node_filefd_maximum",
    "node_systemd_unit_state",
    "node_bonding_slaves",
    "node_bonding_active",
    "node_hwmon_temp_celsius",
    "node_hwmon_temp_crit_alarm_celsius",
    "node_hwmon_temp_max_celsius",
    "node_hwmon_temp_crit_celsius",
    "node_memory_SwapTotal_bytes",
    "node_memory_SwapFree_bytes",
    "node_exporter_build_info",
    "node_uname_info",
    "node_os_info",
    "node_boot_time_seconds",
    "node_time_seconds",
    "node_context_switches_total",
    "node_intr_total",
    "node_netstat_Tcp_CurrEstab",
    "node_netstat_TcpExt_ListenOverflows",
    "node_sockstat_TCP_tw",
    "node_edac_correctable_errors_total",
    "node_edac_uncorrectable_errors_total",
    "node_pressure_cpu_waiting_seconds_total",
    "node_schedstat_waiting_seconds_total",
    "node_softnet_dropped_total",
    "node_softnet_times_squeezed_total",
    // kubernetes-mixin
    "kube_pod_container_status_restarts_total",
    "kube_pod_status_phase",
    "kube_pod_owner",
    "kube_pod_info",
    "kube_pod_container_status_waiting_reason",
    "kube_deployment_status_observed_generation",
    "kube_deployment_metadata_generation",
    "kube_deployment_spec_replicas",
    "kube_deployment_status_replicas_available",
    "kube_deployment_status_replicas_updated",
    "kube_statefulset_status_replicas_ready",
    "kube_statefulset_status_replicas",
    "kube_statefulset_status_observed_generation",
    "kube_statefulset_metadata_generation",
    "kube_statefulset_replicas",
    "kube_statefulset_status_current_revision",
    "kube_statefulset_status_update_revision",
    "kube_statefulset_status_replicas_updated",
    "kube_daemonset_status_current_number_scheduled",
    "kube_daemonset_status_desired_number_scheduled",
    "kube_daemonset_status_number_misscheduled",
    "kube_daemonset_status_number_available",
    "kube_daemonset_status_updated_number_scheduled",
    "kube_job_status_active",
    "kube_job_failed",
    "kube_job_status_start_time",
    "kube_horizontalpodautoscaler_status_desired_replicas",
    "kube_horizontalpodautoscaler_status_current_replicas",
    "kube_horizontalpodautoscaler_spec_min_replicas",
    "kube_horizontalpodautoscaler_spec_max_replicas",
    "kube_pod_container_resource_requests",
    "kube_pod_container_resource_limits",
    "kube_node_status_allocatable",
    "kube_node_status_capacity",
    "kube_node_status_condition",
    "kube_node_spec_unschedulable",
    "kube_node_info",
    "kube_resourcequota",
    "kube_persistentvolume_status_phase",
    "kube_persistentvolumeclaim_access_mode",
    "kube_persistentvolumeclaim_labels",
    "kube_replicaset_owner",
    "kube_namespace_status_phase",
    "container_cpu_usage_seconds_total",
    "container_memory_working_set_bytes",
    "container_memory_rss",
    "container_memory_cache",
    "container_memory_swap",
    "container_cpu_cfs_periods_total",
    "container_cpu_cfs_throttled_periods_total",
    "container_network_receive_bytes_total",
    "container_network_transmit_bytes_total",
    "container_fs_reads_bytes_total",
    "container_fs_writes_bytes_total",
    "container_fs_usage_bytes",
    "container_fs_limit_bytes",
    "container_oom_events_total",
    "container_last_seen",
    "container_spec_cpu_quota",
    "container_spec_memory_limit_bytes",
    "machine_cpu_cores",
    "machine_memory_bytes",
    // prometheus-mixin and alertmanager-mixin
    "prometheus_config_last_reload_successful",
    "prometheus_notifications_queue_length",
    "prometheus_notifications_queue_capacity",
    "prometheus_notifications_errors_total",
    "prometheus_notifications_sent_total",
    "prometheus_notifications_alertmanagers_discovered",
    "prometheus_tsdb_reloads_failures_total",
    "prometheus_tsdb_compactions_failed_total",
    "prometheus_tsdb_head_samples_appended_total",
    "prometheus_sd_refresh_failures_total",
    "prometheus_target_scrapes_exceeded_sample_limit_total",
    "prometheus_target_scrapes_sample_duplicate_timestamp_total",
    "prometheus_target_scrapes_sample_out_of_bounds_total",
    "prometheus_target_scrapes_sample_out_of_order_total",
    "prometheus_remote_storage_highest_timestamp_in_seconds",
    "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
    "prometheus_remote_storage_samples_failed_total",
    "prometheus_remote_storage_samples_total",
    "prometheus_remote_storage_shards_desired",
    "prometheus_remote_storage_shards_max",
    "prometheus_rule_evaluation_failures_total",
    "prometheus_rule_group_iterations_missed_total",
    "prometheus_rule_group_last_duration_seconds",
    "prometheus_rule_group_interval_seconds",
    "prometheus_target_scrape_pool_exceeded_label_limits_total",
    "prometheus_target_scrape_pool_exceeded_target_limit_total",
    "prometheus_sd_discovered_targets",
    "prometheus_target_sync_length_seconds",
    "prometheus_http_requests_total",
    "prometheus_engine_query_duration_seconds_count",
    "prometheus_http_request_duration_seconds_bucket",
    "prometheus_tsdb_wal_corruptions_total",
    "prometheus_tsdb_head_series",
    "prometheus_build_info",
    "alertmanager_config_last_reload_successful",
    "alertmanager_cluster_members",
    "alertmanager_notifications_failed_total",
    "alertmanager_notifications_total",
    "alertmanager_config_hash",
    "alertmanager_alerts",
    "alertmanager_alerts_received_total",
    "alertmanager_alerts_invalid_total",
    "alertmanager_cluster_failed_peers",
    // exporter alert examples (postgres, redis, mysql, blackbox)
    "pg_up",
    "pg_stat_activity_count",
    "pg_settings_max_connections",
    "pg_stat_database_deadlocks",
    "pg_stat_database_xact_commit",
    "pg_stat_database_xact_rollback",
    "pg_stat_database_numbackends",
    "pg_stat_database_blks_hit",
    "pg_stat_database_blks_read",
    "pg_stat_database_tup_fetched",
    "pg_stat_database_conflicts",
    "pg_replication_lag_seconds",
    "pg_replication_is_replica",
    "pg_stat_user_tables_n_dead_tup",
    "pg_stat_user_tables_n_live_tup",
    "pg_stat_user_tables_last_autovacuum",
    "pg_locks_count",
    "pg_database_size_bytes",
    "pg_postmaster_start_time_seconds",
    "pg_exporter_last_scrape_error",
    "pg_stat_activity_max_tx_duration",
    "pg_settings_shared_buffers_bytes",
    "pg_stat_bgwriter_buffers_backend_fsync_total",
    "redis_up",
    "redis_memory_used_bytes",
    "redis_memory_max_bytes",
    "redis_connected_clients",
    "redis_config_maxclients",
    "redis_rejected_connections_total",
    "redis_connected_slaves",
    "redis_master_link_up",
    "redis_rdb_last_save_timestamp_seconds",
    "redis_keyspace_hits_total",
    "redis_keyspace_misses_total",
    "redis_evicted_keys_total",
    "redis_instance_info",
    "redis_db_keys",
    "redis_commands_processed_total",
    "redis_total_system_memory_bytes",
    "redis_uptime_in_seconds",
    "mysql_up",
    "mysql_global_status_threads_connected",
    "mysql_global_variables_max_connections",
    "mysql_global_status_threads_running",
    "mysql_global_status_slow_queries",
    "mysql_global_status_uptime",
    "mysql_global_status_innodb_log_waits",
    "mysql_slave_status_slave_io_running",
    "mysql_slave_status_slave_sql_running",
    "mysql_slave_status_seconds_behind_master",
    "mysql_slave_status_sql_delay",
    "mysql_global_status_questions",
    "mysql_global_status_commands_total",
    "mysql_global_status_aborted_connects",
    "mysql_global_status_created_tmp_disk_tables",
    "probe_success",
    "probe_duration_seconds",
    "probe_http_status_code",
    "probe_ssl_earliest_cert_expiry",
    "probe_http_duration_seconds",
    "probe_dns_lookup_time_seconds",
    "probe_icmp_duration_seconds",
    "probe_http_ssl",
    // series Prometheus creates; Go and process collectors
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added",
    "ALERTS",
    "ALERTS_FOR_STATE",
    "go_goroutines",
    "go_gc_duration_seconds",
    "go_memstats_alloc_bytes",
    "go_memstats_heap_inuse_bytes",
    "process_cpu_seconds_total",
    "process_resident_memory_bytes",
    "process_open_fds",
    "process_max_fds",
    "process_start_time_seconds",
];

#[test]
fn mixin_and_alert_example_metrics_are_known() {
    let missing: Vec<_> = MIXIN_METRICS
        .iter()
        .filter(|n| lookup(n).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "not in any built-in catalog: {missing:?}"
    );
}

#[test]
fn lookup_rejects_near_misses() {
    for typo in [
        "node_cpu_second_total",
        "node_memory_MemAvailble_bytes",
        "redis_memory_use_bytes",
        "container_cpu_usage_total",
        "upp",
    ] {
        assert!(lookup(typo).is_none(), "{typo}");
    }
}

#[test]
fn parsing_every_catalog_is_fast() {
    // Release builds parse all catalogs in well under a millisecond (see
    // the `catalogs` benchmark); this guards against a pathological
    // slowdown even in unoptimised test builds.
    let start = std::time::Instant::now();
    let mut families = 0;
    for file in EMBEDDED {
        families += format::parse(file.text).0.declarations.len();
    }
    assert!(families > 1000, "{families}");
    assert!(
        start.elapsed().as_millis() < 200,
        "took {:?}",
        start.elapsed()
    );
}
