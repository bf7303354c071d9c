"""The composition root: settings → adapters → use cases. Tests override any provider with a fake."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from dependency_injector import containers, providers

from adapters.ai.enrichment_rules import rules_for_contract
from adapters.ai.factory import language_model_from_settings
from adapters.argon2_password_hasher import Argon2PasswordHasher
from adapters.calamine_spreadsheet_reader import CalamineSpreadsheetReader
from adapters.object_store.factory import object_store_from_url
from adapters.observability.prometheus_upload_metrics import PrometheusUploadMetrics
from adapters.pyjwt_token_codec import PyJwtTokenCodec
from adapters.sql.engine import DatabaseTimeouts, create_engine
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_rate_limiter import SqlRateLimiter
from adapters.sql.sql_revocation_store import SqlRevocationStore
from adapters.sql.sql_upload_repository import SqlUploadRepository
from adapters.sql.sql_upload_unit_of_work import SqlUploadUnits
from adapters.sql.sql_user_repository import SqlUserRepository
from adapters.system_clock import SystemClock
from application.ports.dataset_store import DatasetStore
from application.ports.object_store import ObjectStore
from application.ports.row_rule_factory import RowRuleFactory, no_rules
from application.ports.tracer import NoTracer
from application.uploads.upload_claims import UploadClaims
from application.use_cases.authenticate_token import AuthenticateToken
from application.use_cases.check_upload import CheckUpload
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
from application.use_cases.put_contract import PutContract
from application.use_cases.renew_token import RenewToken
from application.use_cases.resolve_operator import ResolveOperator
from application.use_cases.revoke_user_sessions import RevokeUserSessions
from application.use_cases.update_user import UpdateUser
from application.use_cases.upload_csv import UploadCsv
from domain.auth.token_policy import TokenPolicy
from domain.uploads.upload_policy import UploadPolicy
from entrypoints.disk_probes import disk_probes
from entrypoints.settings import Settings


def _enrichment_factory(enabled: bool, max_rows: int) -> RowRuleFactory:
    if not enabled:
        return no_rules
    return partial(rules_for_contract, near_duplicate_max_rows=max_rows)


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
    engine = providers.Singleton(
        create_engine, url=settings.provided.database_url, timeouts=database_timeouts
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
    users = providers.Singleton(SqlUserRepository, engine=engine)
    revocations = providers.Singleton(SqlRevocationStore, engine=engine)
    rate_limiter = providers.Singleton(SqlRateLimiter, engine=engine)
    uploads = providers.Singleton(SqlUploadRepository, engine=engine)
    datasets = providers.Singleton(SqlDatasetStore, engine=engine, clock=clock)
    upload_units = providers.Singleton(SqlUploadUnits, engine=engine, clock=clock)
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
        _enrichment_factory,
        enabled=settings.provided.ai_enrichment,
        max_rows=settings.provided.ai_near_duplicate_max_rows,
    )

    # Observability: the tracer is replaced by an OpenTelemetry one when OTEL_* ask for traces.
    tracer = providers.Singleton(NoTracer)
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
    generate_insights = providers.Factory(GenerateInsights, model=language_model)
    upload_claims = providers.Singleton(UploadClaims)
    spreadsheets = providers.Singleton(CalamineSpreadsheetReader)
    upload_csv = providers.Factory(
        UploadCsv,
        units=upload_units,
        datasets=datasets,
        objects=objects,
        clock=clock,
        extra_rules=extra_rules,
        insights=generate_insights,
        insight_settings=insight_settings,
        claims=upload_claims,
        tracer=tracer,
        metrics=upload_metrics,
        spreadsheets=spreadsheets,
        policy=upload_policy,
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
    check_upload = providers.Factory(
        CheckUpload,
        datasets=datasets,
        extra_rules=extra_rules,
        spreadsheets=spreadsheets,
        policy=upload_policy,
    )
    download_invalid_rows = providers.Factory(
        DownloadInvalidRows, uploads=uploads, datasets=datasets, objects=objects, spreadsheets=spreadsheets
    )
    list_uploads = providers.Factory(ListUploads, uploads=uploads)
    describe_dataset = providers.Factory(DescribeDataset, datasets=datasets)
    list_datasets = providers.Factory(ListDatasets, datasets=datasets)
    get_contract = providers.Factory(GetContract, datasets=datasets)
    put_contract = providers.Factory(PutContract, datasets=datasets)

    disks = providers.Singleton(disk_probes, settings=settings, objects=objects)
    readiness_probes = providers.Callable(
        lambda datasets, objects, disks: _probes(datasets, objects, disks),
        datasets=datasets,
        objects=objects,
        disks=disks,
    )


def _probes(
    datasets: DatasetStore, objects: ObjectStore, disks: dict[str, Callable[[], Awaitable[None]]]
) -> dict[str, Callable[[], Awaitable[None]]]:
    return {"database": datasets.ping, "object_store": objects.ping, **disks}


def build_container(settings: Settings) -> Container:
    container = Container(settings=settings)
    if settings.redis_url:
        _use_redis(container, settings.redis_url)
    return container


def _use_redis(container: Container, url: str) -> None:
    from adapters.redis_client import ping_redis, redis_client
    from adapters.redis_rate_limiter import RedisRateLimiter
    from adapters.redis_revocation_store import RedisRevocationStore

    client = providers.Singleton(redis_client, url=url)
    container.revocations.override(providers.Singleton(RedisRevocationStore, client=client))
    container.rate_limiter.override(providers.Singleton(RedisRateLimiter, client=client))
    container.readiness_probes.override(
        providers.Callable(
            lambda datasets, objects, disks, redis: {
                **_probes(datasets, objects, disks),
                "redis": partial(ping_redis, redis),
            },
            datasets=container.datasets,
            objects=container.objects,
            disks=container.disks,
            redis=client,
        )
    )
