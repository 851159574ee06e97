/**
 * The structure gitlab-runner reads from config.toml (gitlab-runner `common/config.go`:
 * Config, RunnerConfig, RunnerCredentials, RunnerSettings and the executor sections; keys of
 * newer releases added from the configuration docs). Sections that change often between
 * releases are marked `loose`: an unknown key there is reported as information, not a problem.
 */
export type ValueType = 'string' | 'int' | 'float' | 'bool' | 'time' | 'duration' | 'strings' | 'string-or-strings' | 'map' | 'any';

export interface TableSchema {
  kind: 'table';
  fields: Record<string, FieldSchema>;
  /** Key families (e.g. every `*_cpu_request_overwrite_max_allowed`). */
  patterns?: readonly RegExp[];
  loose?: boolean;
}
export interface ArraySchema {
  kind: 'array';
  of: TableSchema;
}
export type FieldSchema = ValueType | TableSchema | ArraySchema;

const table = (fields: Record<string, FieldSchema>, extra: Partial<TableSchema> = {}): TableSchema => ({ kind: 'table', fields, ...extra });
const arrayOf = (of: TableSchema): ArraySchema => ({ kind: 'array', of });
const all = (type: ValueType, keys: string): Record<string, FieldSchema> =>
  Object.fromEntries(keys.trim().split(/\s+/).map((k) => [k, type]));

const SERVICE = table({ ...all('string', 'name alias'), ...all('strings', 'command entrypoint environment') });

const DOCKER = table(
  {
    ...all(
      'string',
      `host tls_cert_path hostname image runtime memory memory_swap memory_reservation cpuset_cpus cpuset_mems cpus
       user userns_mode gpus volume_driver cache_dir network_mode ipcmode mac_address isolation helper_image
       helper_image_flavor cgroup_parent service_memory service_memory_swap service_memory_reservation
       service_cgroup_parent service_cpuset_cpus service_cpus service_gpus platform`,
    ),
    ...all('bool', 'tls_verify privileged services_privileged disable_entrypoint_overwrite oom_kill_disable disable_cache enable_ipv6 use_host_cache'),
    ...all('int', 'cpu_shares oom_score_adjust wait_for_services_timeout shm_size network_mtu services_limit service_cpu_shares'),
    ...all(
      'strings',
      `dns dns_search group_add cap_add cap_drop security_opt services_security_opt devices services_devices
       device_cgroup_rules volumes extra_hosts volumes_from links allowed_images allowed_privileged_images
       allowed_privileged_services allowed_pull_policies allowed_services allowed_users`,
    ),
    pull_policy: 'string-or-strings',
    ...all('map', 'volume_driver_ops tmpfs services_tmpfs sysctls container_labels ulimit log_options'),
    services: arrayOf(SERVICE),
  },
  { loose: true },
);

const CONTAINER_SECURITY = table({
  capabilities: table({ ...all('strings', 'add drop') }),
  ...all('bool', 'privileged run_as_non_root read_only_root_filesystem allow_privilege_escalation'),
  ...all('int', 'run_as_user run_as_group'),
  ...all('string', 'selinux_type proc_mount'),
}, { loose: true });

const VOLUME = table({ ...all('string', 'name mount_path sub_path host_path medium size_limit driver fs_type'), read_only: 'bool', ...all('map', 'items volume_attributes') }, { loose: true });

const KUBERNETES = table(
  {
    ...all(
      'string',
      `host cert_file key_file ca_file bearer_token image namespace namespace_overwrite_allowed runtime_class_name
       helper_image helper_image_flavor node_selector_overwrite_allowed pod_labels_overwrite_allowed scheduler_name
       service_account service_account_overwrite_allowed pod_annotations_overwrite_allowed dns_policy
       priority_class_name node_tolerations_overwrite_allowed logs_base_dir scripts_base_dir context`,
    ),
    ...all(
      'bool',
      `bearer_token_overwrite_allowed privileged allow_privilege_escalation helper_image_autoset_arch_and_os
       print_pod_warning_events use_service_account_image_pull_secrets automount_service_account_token namespace_per_job`,
    ),
    ...all(
      'int',
      `terminationGracePeriodSeconds pod_termination_grace_period_seconds cleanup_grace_period_seconds poll_interval
       poll_timeout resource_availability_check_max_attempts retry_limit`,
    ),
    ...all('duration', 'cleanup_resources_timeout retry_backoff_max'),
    ...all('strings', 'allowed_images allowed_pull_policies allowed_services image_pull_secrets cap_add cap_drop allowed_users allowed_groups'),
    pull_policy: 'string-or-strings',
    ...all('map', 'node_selector node_tolerations pod_labels pod_annotations retry_limits'),
    ...all('any', 'affinity dns_config container_lifecycle'),
    pod_security_context: table({ ...all('int', 'fs_group run_as_group run_as_user'), run_as_non_root: 'bool', supplemental_groups: 'any', ...all('string', 'selinux_type fs_group_change_policy') }, { loose: true }),
    init_permissions_container_security_context: CONTAINER_SECURITY,
    build_container_security_context: CONTAINER_SECURITY,
    helper_container_security_context: CONTAINER_SECURITY,
    service_container_security_context: CONTAINER_SECURITY,
    volumes: table({ ...Object.fromEntries(['host_path', 'pvc', 'config_map', 'secret', 'empty_dir', 'csi'].map((k) => [k, arrayOf(VOLUME)])) }),
    host_aliases: arrayOf(table({ ip: 'string', hostnames: 'strings' })),
    services: arrayOf(SERVICE),
    pod_spec: arrayOf(table({ ...all('string', 'name patch_path patch patch_type') })),
  },
  { loose: true, patterns: [/^(?:(?:service|helper)_)?(?:cpu|memory|ephemeral_storage)_(?:limit|request)(?:_overwrite_max_allowed)?$/] },
);

const S3 = table({
  ...all('string', 'ServerAddress AccessKey SecretKey SessionToken BucketName BucketLocation AuthenticationType ServerSideEncryption ServerSideEncryptionKeyID RoleARN UploadRoleARN'),
  ...all('bool', 'Insecure DualStack Accelerate PathStyle'),
}, { loose: true });

const CACHE = table({
  ...all('string', 'Type Path'),
  Shared: 'bool',
  MaxUploadedArchiveSize: 'int',
  // Keys of the old flat layout (before [runners.cache.s3]); still read by old runners.
  ...all('string', 'ServerAddress AccessKey SecretKey BucketName BucketLocation'),
  Insecure: 'bool',
  s3: S3,
  gcs: table({ ...all('string', 'AccessID PrivateKey CredentialsFile BucketName') }),
  azure: table({ ...all('string', 'AccountName AccountKey ContainerName StorageDomain') }),
});

const MACHINE = table(
  {
    ...all('int', 'MaxGrowthRate IdleCount IdleCountMin IdleTime MaxBuilds OffPeakIdleCount OffPeakIdleTime'),
    IdleScaleFactor: 'float',
    ...all('string', 'MachineDriver MachineName OffPeakTimezone'),
    ...all('strings', 'MachineOptions OffPeakPeriods'),
    autoscaling: arrayOf(table({ Periods: 'strings', Timezone: 'string', ...all('int', 'IdleCount IdleCountMin IdleTime'), IdleScaleFactor: 'float' })),
  },
  { loose: true },
);

const CUSTOM = table({
  ...all('string', 'config_exec prepare_exec run_exec cleanup_exec'),
  ...all('strings', 'config_args prepare_args run_args cleanup_args'),
  ...all('int', 'config_exec_timeout prepare_exec_timeout cleanup_exec_timeout graceful_kill_timeout force_kill_timeout'),
});

const AUTOSCALER = table(
  {
    ...all('int', 'capacity_per_instance max_use_count max_instances'),
    plugin: 'string',
    delete_instances_on_shutdown: 'bool',
    ...all('any', 'plugin_config connector_config policy vm_isolation state_storage instance_operation_time_buckets instance_creation_time_buckets instance_is_running_time_buckets instance_deletion_time_buckets instance_readiness_time_buckets instance_life_duration_buckets'),
  },
  { loose: true },
);

export const RUNNER_SCHEMA = table({
  ...all(
    'string',
    `name url token tls-ca-file tls-cert-file tls-key-file executor builds_dir cache_dir clone_url pre_clone_script
     post_clone_script pre_get_sources_script post_get_sources_script pre_build_script post_build_script shell`,
  ),
  ...all('int', 'id limit output_limit request_concurrency unhealthy_requests_limit'),
  unhealthy_interval: 'duration',
  ...all('time', 'token_obtained_at token_expires_at'),
  environment: 'strings',
  ...all('bool', 'debug_trace_disabled safe_directory_checkout'),
  custom_build_dir: table({ enabled: 'bool' }),
  referees: 'any',
  cache: CACHE,
  feature_flags: 'map',
  instance: table({ allowed_images: 'strings', use_common_build_dir: 'bool' }),
  ssh: table({ ...all('string', 'user password host port identity_file known_hosts_file'), disable_strict_host_key_checking: 'bool' }, { loose: true }),
  docker: DOCKER,
  parallels: table({ ...all('string', 'base_name template_name time_server'), disable_snapshots: 'bool', allowed_images: 'strings' }),
  virtualbox: table({ ...all('string', 'base_name base_snapshot base_folder start_type'), disable_snapshots: 'bool', allowed_images: 'strings' }),
  machine: MACHINE,
  kubernetes: KUBERNETES,
  custom: CUSTOM,
  autoscaler: AUTOSCALER,
});

export const CONFIG_SCHEMA = table({
  ...all('int', 'concurrent check_interval shutdown_timeout'),
  ...all('string', 'log_level log_format user listen_address sentry_dsn'),
  connection_max_age: 'duration',
  session_server: table({ ...all('string', 'listen_address advertise_address'), session_timeout: 'int' }),
  runners: arrayOf(RUNNER_SCHEMA),
});

/** Keys people add that the runner does not read, with what to do instead (FIELD-NOTES.md §2). */
export const KNOWN_MISTAKES: Record<string, string> = {
  state_file:
    '`state_file` is not a config.toml key; the runner ignores it. It keeps `.runner_system_id` in the same directory as config.toml, so that directory must be writable.',
  shell_env: 'There is no [runners.shell] section; set job variables with `environment = ["NAME=value"]` in [[runners]].',
};

export const KNOWN_EXECUTORS = [
  'shell', 'docker', 'docker-windows', 'docker+machine', 'docker-autoscaler', 'instance', 'kubernetes', 'custom',
  'ssh', 'parallels', 'virtualbox', 'docker-ssh', 'docker-ssh+machine',
];
export const LOG_FORMATS = ['runner', 'text', 'json'];
export const LOG_LEVELS = ['debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic'];
export const SHELLS = ['bash', 'sh', 'cmd', 'pwsh', 'powershell'];
