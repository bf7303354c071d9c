"""The composition root: settings → adapters → use cases. Tests override any provider with a fake.

Production wiring only declares: settings choose (Selector), what must be closed is a Resource, and
nothing here overrides a provider (tests/unit/entrypoints/test_container.py checks it).
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.ai.factory import language_model_from_settings
from adapters.argon2_password_hasher import Argon2PasswordHasher
from adapters.calamine_spreadsheet_reader import CalamineSpreadsheetReader
from adapters.object_store.factory import direct_uploads_for, object_store_from_url
from adapters.observability.prometheus_upload_metrics import PrometheusUploadMetrics
from adapters.pyjwt_token_codec import PyJwtTokenCodec
from adapters.queue.factory import job_queue_from_url, worker_name
from adapters.rapidfuzz_similarity import rapidfuzz_similarity
from adapters.sql.engine import DatabaseTimeouts, create_engine
from adapters.sql.sql_column_mappings import SqlColumnMappings
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_rate_limiter import SqlRateLimiter
from adapters.sql.sql_revocation_store import SqlRevocationStore
from adapters.sql.sql_upload_leases import SqlUploadLeases
from adapters.sql.sql_upload_repository import SqlUploadRepository
from adapters.sql.sql_upload_unit_of_work import SqlUploadUnits
from adapters.sql.sql_user_repository import SqlUserRepository
from adapters.system_clock import SystemClock
from adapters.validation.factory import csv_validator_from_setting
from application.ports.tracer import NoTracer, Tracer
from application.uploads.refused_attempts import RefusedAttempts
from application.uploads.upload_claims import UploadClaims
from application.use_cases.accept_upload import AcceptUpload
from application.use_cases.authenticate_token import AuthenticateToken
from application.use_cases.cancel_upload import CancelUpload
from application.use_cases.check_upload import CheckUpload
from application.use_cases.correct_upload import CorrectUpload
from application.use_cases.create_user import CreateUser
from application.use_cases.describe_dataset import DescribeDataset
from application.use_cases.download_invalid_rows import DownloadInvalidRows
from application.use_cases.fail_interrupted_uploads import FailInterruptedUploads
from application.use_cases.generate_insights import GenerateInsights, InsightSettings
from application.use_cases.get_contract import GetContract
from application.use_cases.get_upload import GetUpload
from application.use_cases.list_datasets import ListDatasets
from application.use_cases.list_uploads import ListUploads
from application.use_cases.list_users import ListUsers
from application.use_cases.log_in import LogIn
from application.use_cases.log_out import LogOut
from application.use_cases.presign_upload import CompleteDirectUpload, PresignUpload
from application.use_cases.process_upload_job import ProcessUploadJob
from application.use_cases.propose_column_mapping import ProposeColumnMapping
from application.use_cases.put_contract import PutContract
from application.use_cases.reap_upload_jobs import ReapUploadJobs
from application.use_cases.remember_column_mapping import RememberColumnMapping
from application.use_cases.renew_token import RenewToken
from application.use_cases.resolve_operator import ResolveOperator
from application.use_cases.revoke_user_sessions import RevokeUserSessions
from application.use_cases.update_user import UpdateUser
from application.use_cases.upload_csv import UploadCsv
from domain.auth.token_policy import TokenPolicy
from domain.uploads.upload_policy import UploadPolicy
from entrypoints.disk_probes import disk_probes
from entrypoints.enrichment_factory import enrichment_factory
from entrypoints.readiness import named_probes
from entrypoints.redis_stores import redis_client, redis_probe, redis_rate_limiter, redis_revocations
from entrypoints.resources import closed_at_shutdown, disposed_at_shutdown
from entrypoints.settings import Settings


def session_store(settings: Settings) -> str:
    """Where revocations and rate limits live: "redis" when INGESTA_REDIS_URL is set, else "sql"."""
    return "redis" if settings.redis_url else "sql"


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    # Adapters
    clock = providers.Singleton(SystemClock)
    database_timeouts = providers.Singleton(
        DatabaseTimeouts,
        connect_seconds=settings.provided.db_connect_timeout_seconds,
        statement_seconds=settings.provided.db_statement_timeout_seconds,
        lock_seconds=settings.provided.db_lock_timeout_seconds,
    )
    sql_engine = providers.Singleton(
        create_engine, url=settings.provided.database_url, timeouts=database_timeouts
    )
    sql_engine_lifetime = providers.Resource(disposed_at_shutdown, sql_engine)
    # One connection pool per process, shared by the Redis stores; built only when Redis is chosen.
    redis = providers.Singleton(redis_client, url=settings.provided.redis_url)
    session_store_choice = providers.Callable(session_store, settings)
    redis_lifetime = providers.Resource(
        closed_at_shutdown, providers.Selector(session_store_choice, sql=providers.Object(None), redis=redis)
    )
    token_codec = providers.Singleton(
        PyJwtTokenCodec,
        secret=settings.provided.jwt_secret,
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.jwt_audience,
        leeway_seconds=settings.provided.jwt_leeway_seconds,
        algorithm=settings.provided.jwt_algorithm,
    )
    password_hasher = providers.Singleton(Argon2PasswordHasher)
    users = providers.Singleton(SqlUserRepository, engine=sql_engine)
    revocations = providers.Selector(
        session_store_choice,
        sql=providers.Singleton(SqlRevocationStore, engine=sql_engine),
        redis=providers.Singleton(redis_revocations, redis),
    )
    rate_limiter = providers.Selector(
        session_store_choice,
        sql=providers.Singleton(SqlRateLimiter, engine=sql_engine),
        redis=providers.Singleton(redis_rate_limiter, redis),
    )
    uploads = providers.Singleton(SqlUploadRepository, engine=sql_engine)
    datasets = providers.Singleton(SqlDatasetStore, engine=sql_engine, clock=clock)
    upload_units = providers.Singleton(SqlUploadUnits, engine=sql_engine, clock=clock)
    column_mappings = providers.Singleton(SqlColumnMappings, engine=sql_engine)
    objects = providers.Singleton(
        object_store_from_url,
        settings.provided.object_store_url,
        sse=settings.provided.s3_server_side_encryption,
        kms_key_id=settings.provided.s3_kms_key_id,
        timeout=settings.provided.object_store_timeout_seconds,
    )
    language_model = providers.Singleton(
        language_model_from_settings,
        provider=settings.provided.ai_provider,
        model=settings.provided.ai_model,
        base_url=settings.provided.ai_base_url,
        api_key=settings.provided.ai_api_key,
        timeout=settings.provided.ai_timeout_seconds,
    )
    insight_settings = providers.Singleton(
        InsightSettings,
        share_samples=settings.provided.ai_share_samples,
        automap=settings.provided.ai_automap,
        threshold=settings.provided.ai_automap_threshold,
        timeout=settings.provided.ai_timeout_seconds,
    )
    # Row rules keep per-file state, so the use case asks this factory for a fresh set for every upload.
    extra_rules = providers.Singleton(
        enrichment_factory,
        enabled=settings.provided.ai_enrichment,
        max_rows=settings.provided.ai_near_duplicate_max_rows,
    )

    # Observability: create_app passes an OpenTelemetry tracer when OTEL_* ask for traces.
    tracer: providers.Dependency[Tracer] = providers.Dependency(default=providers.Singleton(NoTracer))
    upload_metrics = providers.Singleton(PrometheusUploadMetrics)

    # Domain policy
    token_policy = providers.Singleton(
        TokenPolicy,
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.jwt_audience,
        ttl_seconds=settings.provided.access_token_ttl_seconds,
        session_max_seconds=settings.provided.session_max_seconds,
    )
    upload_policy = providers.Singleton(
        UploadPolicy, roles=settings.provided.upload_roles, max_bytes=settings.provided.max_upload_bytes
    )

    # Use cases
    log_in = providers.Factory(
        LogIn,
        codec=token_codec,
        users=users,
        hasher=password_hasher,
        rate_limiter=rate_limiter,
        clock=clock,
        policy=token_policy,
        rate_limit=settings.provided.login_rate_limit,
        account_rate_limit=settings.provided.account_login_rate_limit,
    )
    authenticate_token = providers.Factory(AuthenticateToken, codec=token_codec, revocations=revocations)
    renew_token = providers.Factory(
        RenewToken,
        authenticate=authenticate_token,
        codec=token_codec,
        revocations=revocations,
        users=users,
        rate_limiter=rate_limiter,
        clock=clock,
        policy=token_policy,
        rate_limit=settings.provided.renew_rate_limit,
    )
    log_out = providers.Factory(LogOut, revocations=revocations, policy=token_policy)
    create_user = providers.Factory(CreateUser, users=users, hasher=password_hasher, clock=clock)
    list_users = providers.Factory(ListUsers, users=users)
    revoke_user_sessions = providers.Factory(
        RevokeUserSessions, users=users, revocations=revocations, clock=clock, policy=token_policy
    )
    update_user = providers.Factory(UpdateUser, users=users, revoke_sessions=revoke_user_sessions)
    generate_insights = providers.Factory(
        GenerateInsights,
        model=language_model,
        reads_report=providers.Callable(
            lambda s: (s.ai_provider or "none").strip().lower() != "none", settings
        ),
    )
    upload_claims = providers.Singleton(UploadClaims)
    csv_validator = providers.Singleton(csv_validator_from_setting, settings.provided.validation_engine)
    spreadsheets = providers.Singleton(CalamineSpreadsheetReader)
    upload_csv = providers.Factory(
        UploadCsv,
        units=upload_units,
        datasets=datasets,
        objects=objects,
        clock=clock,
        validator=csv_validator,
        extra_rules=extra_rules,
        insights=generate_insights,
        insight_settings=insight_settings,
        claims=upload_claims,
        tracer=tracer,
        metrics=upload_metrics,
        spreadsheets=spreadsheets,
        policy=upload_policy,
        mappings=column_mappings,
        load_as_text=providers.Callable(lambda engine: engine.dialect.name == "postgresql", sql_engine),
    )
    # Uploads as jobs (README "Running at scale"): a queue in this process, or RabbitMQ through taskiq.
    upload_leases = providers.Singleton(SqlUploadLeases, engine=sql_engine)
    job_queue = providers.Singleton(
        job_queue_from_url,
        settings.provided.job_queue_url,
        concurrency=settings.provided.job_concurrency,
        retries=settings.provided.job_max_attempts,
        name=settings.provided.job_queue_name,
    )
    queue_wait_seconds = providers.Callable(
        lambda s: s.job_lease_seconds if s.job_queue_url is None else s.max_processing_seconds, settings
    )
    accept_upload = providers.Factory(
        AcceptUpload,
        units=upload_units,
        leases=upload_leases,
        datasets=datasets,
        objects=objects,
        queue=job_queue,
        clock=clock,
        claims=upload_claims,
        queue_wait_seconds=queue_wait_seconds,
        policy=upload_policy,
        tracer=tracer,
    )
    process_upload_job = providers.Factory(
        ProcessUploadJob,
        uploads=uploads,
        units=upload_units,
        leases=upload_leases,
        objects=objects,
        upload_csv=upload_csv,
        clock=clock,
        owner=providers.Singleton(worker_name),
        lease_seconds=settings.provided.job_lease_seconds,
        max_attempts=settings.provided.job_max_attempts,
        tracer=tracer,
        metrics=upload_metrics,
    )
    direct_uploads = providers.Singleton(direct_uploads_for, objects)
    reap_upload_jobs = providers.Factory(
        ReapUploadJobs,
        leases=upload_leases,
        queue=job_queue,
        clock=clock,
        max_attempts=settings.provided.job_max_attempts,
        queue_wait_seconds=queue_wait_seconds,
        direct=direct_uploads,
        multipart_max_age_seconds=settings.provided.max_processing_seconds,
    )
    presign_upload = providers.Factory(
        PresignUpload,
        units=upload_units,
        leases=upload_leases,
        datasets=datasets,
        direct=direct_uploads,
        clock=clock,
        max_upload_bytes=settings.provided.max_upload_bytes,
        expires_seconds=settings.provided.max_processing_seconds,
    )
    complete_direct_upload = providers.Factory(
        CompleteDirectUpload,
        uploads=uploads,
        units=upload_units,
        leases=upload_leases,
        direct=direct_uploads,
        queue=job_queue,
        clock=clock,
        queue_wait_seconds=queue_wait_seconds,
        tracer=tracer,
    )
    fail_interrupted_uploads = providers.Factory(
        FailInterruptedUploads,
        uploads=uploads,
        clock=clock,
        max_processing_seconds=settings.provided.max_processing_seconds,
    )
    resolve_operator = providers.Factory(
        ResolveOperator, users=users, clock=clock, upload_roles=settings.provided.upload_roles
    )
    get_upload = providers.Factory(GetUpload, uploads=uploads)
    cancel_upload = providers.Factory(
        CancelUpload, get_upload=get_upload, leases=upload_leases, metrics=upload_metrics
    )
    check_upload = providers.Factory(
        CheckUpload,
        datasets=datasets,
        validator=csv_validator,
        extra_rules=extra_rules,
        spreadsheets=spreadsheets,
        policy=upload_policy,
        mappings=column_mappings,
    )
    download_invalid_rows = providers.Factory(
        DownloadInvalidRows,
        uploads=uploads,
        datasets=datasets,
        objects=objects,
        validator=csv_validator,
        spreadsheets=spreadsheets,
    )
    correct_upload = providers.Factory(
        CorrectUpload,
        uploads=uploads,
        datasets=datasets,
        objects=objects,
        validator=csv_validator,
        spreadsheets=spreadsheets,
    )
    refused_attempts = providers.Factory(RefusedAttempts, units=upload_units, clock=clock)
    list_uploads = providers.Factory(ListUploads, uploads=uploads)
    describe_dataset = providers.Factory(DescribeDataset, datasets=datasets)
    list_datasets = providers.Factory(ListDatasets, datasets=datasets)
    get_contract = providers.Factory(GetContract, datasets=datasets)
    put_contract = providers.Factory(PutContract, datasets=datasets)
    propose_column_mapping = providers.Factory(
        ProposeColumnMapping,
        datasets=datasets,
        mappings=column_mappings,
        model=language_model,
        similarity=providers.Object(rapidfuzz_similarity),
        timeout=settings.provided.ai_timeout_seconds,
    )
    remember_column_mapping = providers.Factory(
        RememberColumnMapping, datasets=datasets, mappings=column_mappings, clock=clock
    )

    disks = providers.Singleton(disk_probes, settings=settings, objects=objects)
    readiness_probes = providers.Callable(
        named_probes,
        datasets=datasets,
        objects=objects,
        disks=disks,
        redis=providers.Selector(
            session_store_choice, sql=providers.Object(None), redis=providers.Singleton(redis_probe, redis)
        ),
    )


def build_container(settings: Settings, *, tracer: Tracer | None = None) -> Container:
    """The container for `settings`; `tracer` is the OpenTelemetry one when traces are asked for."""
    if tracer is not None:
        return Container(settings=settings, tracer=tracer)
    return Container(settings=settings)
