"""The bridge from Litestar to the container: small typed functions registered with Provide."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import Provide

from application.use_cases.check_upload import CheckUpload
from application.use_cases.describe_dataset import DescribeDataset
from application.use_cases.get_contract import GetContract
from application.use_cases.get_upload import GetUpload
from application.use_cases.list_datasets import ListDatasets
from application.use_cases.list_uploads import ListUploads
from application.use_cases.log_in import LogIn
from application.use_cases.log_out import LogOut
from application.use_cases.put_contract import PutContract
from application.use_cases.renew_token import RenewToken
from application.use_cases.upload_csv import UploadCsv
from entrypoints.container import Container


def container_of(request: Request[Any, Any, Any]) -> Container:
    container: Container = request.app.state.container
    return container


def provide_log_in(request: Request[Any, Any, Any]) -> LogIn:
    return container_of(request).log_in()


def provide_renew_token(request: Request[Any, Any, Any]) -> RenewToken:
    return container_of(request).renew_token()


def provide_log_out(request: Request[Any, Any, Any]) -> LogOut:
    return container_of(request).log_out()


def provide_upload_csv(request: Request[Any, Any, Any]) -> UploadCsv:
    return container_of(request).upload_csv()


def provide_check_upload(request: Request[Any, Any, Any]) -> CheckUpload:
    return container_of(request).check_upload()


def provide_get_upload(request: Request[Any, Any, Any]) -> GetUpload:
    return container_of(request).get_upload()


def provide_list_uploads(request: Request[Any, Any, Any]) -> ListUploads:
    return container_of(request).list_uploads()


def provide_describe_dataset(request: Request[Any, Any, Any]) -> DescribeDataset:
    return container_of(request).describe_dataset()


def provide_list_datasets(request: Request[Any, Any, Any]) -> ListDatasets:
    return container_of(request).list_datasets()


def provide_get_contract(request: Request[Any, Any, Any]) -> GetContract:
    return container_of(request).get_contract()


def provide_put_contract(request: Request[Any, Any, Any]) -> PutContract:
    return container_of(request).put_contract()


DEPENDENCIES = {
    "log_in": Provide(provide_log_in, sync_to_thread=False),
    "renew_token": Provide(provide_renew_token, sync_to_thread=False),
    "log_out": Provide(provide_log_out, sync_to_thread=False),
    "upload_csv": Provide(provide_upload_csv, sync_to_thread=False),
    "get_upload": Provide(provide_get_upload, sync_to_thread=False),
    "check_upload": Provide(provide_check_upload, sync_to_thread=False),
    "list_uploads": Provide(provide_list_uploads, sync_to_thread=False),
    "describe_dataset": Provide(provide_describe_dataset, sync_to_thread=False),
    "list_datasets": Provide(provide_list_datasets, sync_to_thread=False),
    "get_contract": Provide(provide_get_contract, sync_to_thread=False),
    "put_contract": Provide(provide_put_contract, sync_to_thread=False),
}
