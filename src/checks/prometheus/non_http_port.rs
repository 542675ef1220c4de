use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::{RelabelConfig, ScrapeConfig};
use crate::project::Project;

declare_rule! {
    /// A scrape target is on the port of a service that does not speak
    /// Prometheus' HTTP exposition: PostgreSQL (5432), MySQL (3306), Redis
    /// (6379), MongoDB (27017), Kafka (9092), RabbitMQ AMQP (5672),
    /// Memcached (11211), ZooKeeper (2181), Cassandra (9042), and others.
    ///
    /// Such a target is always down: Prometheus needs an exporter in front
    /// of the service (postgres_exporter on 9187, redis_exporter on 9121,
    /// mysqld_exporter on 9104, …), and the target must be the exporter's
    /// address. Jobs that rewrite `__address__` by relabelling (blackbox
    /// and SNMP style) are not checked.
    pub static RULE = ("prometheus/non-http-port", Warning, "A scrape target is on a well-known non-HTTP port");
}

pub const CHECK: Check = Check { rule: &RULE, run };

/// Port, service, exporter to scrape instead.
const PORTS: &[(u16, &str, &str)] = &[
    (21, "FTP", "an exporter"),
    (22, "SSH", "node_exporter (9100) on the host"),
    (25, "SMTP", "an exporter"),
    (389, "LDAP", "an LDAP exporter"),
    (1433, "Microsoft SQL Server", "a SQL Server exporter"),
    (1521, "Oracle Database", "oracledb_exporter (9161)"),
    (
        2181,
        "ZooKeeper",
        "ZooKeeper's Prometheus metrics provider (7000)",
    ),
    (3306, "MySQL", "mysqld_exporter (9104)"),
    (4222, "NATS", "prometheus-nats-exporter (7777)"),
    (5432, "PostgreSQL", "postgres_exporter (9187)"),
    (
        5672,
        "RabbitMQ (AMQP)",
        "RabbitMQ's prometheus plugin (15692)",
    ),
    (6379, "Redis", "redis_exporter (9121)"),
    (9042, "Cassandra (CQL)", "a Cassandra exporter"),
    (9092, "Kafka", "kafka_exporter (9308)"),
    (11211, "Memcached", "memcached_exporter (9150)"),
    (26379, "Redis Sentinel", "redis_exporter (9121)"),
    (27017, "MongoDB", "mongodb_exporter (9216)"),
];

/// The port of a `host:port` target (`[v6]:port` too).
fn port(target: &str) -> Option<u16> {
    let (_, p) = target.rsplit_once(':')?;
    if target.starts_with('[') && !target.contains("]:") {
        return None;
    }
    p.parse().ok()
}

fn rewrites_address(relabels: &[RelabelConfig]) -> bool {
    relabels.iter().any(|r| {
        r.target_label
            .as_ref()
            .is_some_and(|t| t.value == "__address__")
    })
}

fn exempt(job: &ScrapeConfig) -> bool {
    rewrites_address(&job.relabel_configs) || job.params.iter().any(|(k, _)| k == "target")
}

fn run(project: &Project, sink: &mut Sink) {
    for (i, config) in super::issues::configs(project) {
        for job in config.scrape_configs.iter().filter(|j| !exempt(j)) {
            for t in &job.static_targets {
                let Some(p) = port(&t.value) else { continue };
                let Some((_, service, exporter)) = PORTS.iter().find(|(n, _, _)| *n == p) else {
                    continue;
                };
                sink.report(
                    i,
                    t.span,
                    format!("target `{}` is on port {p}, {service}'s port: {service} does not serve Prometheus metrics over HTTP", t.value),
                    Some(format!("run an exporter for it and scrape the exporter instead: {exporter}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ports() {
        assert_eq!(super::port("db:5432"), Some(5432));
        assert_eq!(super::port("[::1]:6379"), Some(6379));
        assert_eq!(super::port("db"), None);
        assert_eq!(super::port("[::1]"), None);
    }
}
