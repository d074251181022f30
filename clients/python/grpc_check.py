#!/usr/bin/env python3
"""Checks hadird's standard gRPC endpoint (hadird --grpc-listen) with stock grpcio stubs
generated from proto/ (grpc_tools), as any team with gRPC tooling would use it.

    python3 grpc_check.py --address 127.0.0.1:7401 --token ADMIN_TOKEN [--root-cert CA.pem]

Prints one line per check and exits 1 at the first that fails. Needs the Debian packages
python3-grpcio and python3-grpc-tools (scripts/setup.sh installs them).
"""
import argparse
import datetime
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO = os.path.join(HERE, "..", "..", "proto")


def generate_stubs(into):
    """The stubs any gRPC user would generate: protoc's messages and grpcio's service stubs."""
    files = [os.path.join("hadir", "v1", name) for name in sorted(os.listdir(os.path.join(PROTO, "hadir", "v1")))]
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", "-I", PROTO, "--python_out", into, "--grpc_python_out", into] + files,
        check=True)
    sys.path.insert(0, into)


def check(condition, what):
    print(("ok      " if condition else "FAILED  ") + what, flush=True)
    if not condition:
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--root-cert", help="PEM file of the authority that signed the server's certificate")
    arguments = parser.parse_args()

    generate_stubs(tempfile.mkdtemp(prefix="hadir-stubs-"))
    import grpc
    from hadir.v1 import admin_pb2, admin_pb2_grpc, common_pb2, events_pb2, events_pb2_grpc
    from hadir.v1 import registrations_pb2, registrations_pb2_grpc

    if arguments.root_cert:
        with open(arguments.root_cert, "rb") as f:
            credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
        channel = grpc.secure_channel(arguments.address, credentials)
    else:
        channel = grpc.insecure_channel(arguments.address)
    admin = [("authorization", "Bearer " + arguments.token)]

    info = admin_pb2_grpc.AdminStub(channel).GetServerInfo(admin_pb2.GetServerInfoRequest(), timeout=10)
    check(info.name == "hadird" and info.protocol_version == 1, "GetServerInfo without a token: %s %s" % (info.name, info.version))

    info = admin_pb2_grpc.AdminStub(channel).GetServerInfo(admin_pb2.GetServerInfoRequest(), metadata=admin, timeout=10)
    check(info.caller_role == admin_pb2.ROLE_ADMIN,
          "the bearer token in `authorization` is recognized (role %d)" % info.caller_role)

    # The event runs today (in UTC, its zone), so that the desk checks people in for today.
    today = datetime.datetime.now(datetime.timezone.utc).date()
    events = events_pb2_grpc.EventsStub(channel)
    event = events.CreateEvent(events_pb2.CreateEventRequest(
        code="GRPC-CHECK-25", title="Pelatihan Kader Posyandu", venue="Aula Dinkes", time_zone="UTC",
        first_day=today.isoformat(), last_day=(today + datetime.timedelta(days=1)).isoformat(), capacity=2),
        metadata=admin, timeout=10)
    check(event.code == "GRPC-CHECK-25", "CreateEvent as admin: " + event.code)

    registrations = registrations_pb2_grpc.RegistrationsStub(channel)
    codes = []
    for name in ["Siti Nurhaliza", "Made Wirawan", "Yohanes Lado"]:
        answer = registrations.RegisterPerson(registrations_pb2.RegisterRequest(
            event_code="GRPC-CHECK-25", person=registrations_pb2.Person(name=name, organization="Puskesmas Toili")),
            metadata=admin, timeout=10)
        codes.append(answer.registration)
    statuses = [r.status for r in codes]
    check(statuses.count(registrations_pb2.REGISTRATION_STATUS_CONFIRMED) == 2
          and statuses.count(registrations_pb2.REGISTRATION_STATUS_WAITLISTED) == 1,
          "capacity 2: two confirmed, the third waitlisted")

    # A refusal: the status, the message in the language asked for, and the reason and its
    # facts in the hadir-error-info-bin trailer.
    try:
        events.GetEvent(events_pb2.GetEventRequest(code="NO-SUCH-EVENT"),
                        metadata=admin + [("accept-language", "id")], timeout=10)
        check(False, "GetEvent of an unknown event is refused")
    except grpc.RpcError as error:
        check(error.code() == grpc.StatusCode.NOT_FOUND, "GetEvent of an unknown event: NOT_FOUND")
        check("NO-SUCH-EVENT" in error.details() and "kegiatan" in error.details(),
              "the message is in Indonesian: " + error.details())
        trailer = dict(error.trailing_metadata())
        info = common_pb2.ErrorInfo()
        info.ParseFromString(trailer["hadir-error-info-bin"])
        check(info.reason == "EVENT_NOT_FOUND" and info.metadata["event"] == "NO-SUCH-EVENT",
              "ErrorInfo in the trailer: %s %s" % (info.reason, dict(info.metadata)))

    try:
        events.ListEvents(events_pb2.ListEventsRequest(), metadata=[("authorization", "Bearer wrong")], timeout=10)
        check(False, "a wrong token is refused")
    except grpc.RpcError as error:
        check(error.code() == grpc.StatusCode.UNAUTHENTICATED, "a wrong token: UNAUTHENTICATED")

    # A server stream: the desk's live counters, with a check-in made while watching.
    desk = registrations_pb2_grpc.DeskStub(channel)
    updates = desk.Watch(registrations_pb2.WatchRequest(event_code="GRPC-CHECK-25"), metadata=admin, timeout=30)
    first = next(updates)
    check(first.counters.confirmed == 2 and first.counters.checked_in_today == 0,
          "Watch starts with the counters: %d confirmed, %d in" % (first.counters.confirmed, first.counters.checked_in_today))
    answer = desk.CheckIn(registrations_pb2.CheckInRequest(
        event_code="GRPC-CHECK-25", code=codes[0].code, request_id="grpc-check-1"),
        metadata=admin, timeout=10)
    check(answer.status == registrations_pb2.CHECK_IN_STATUS_CHECKED_IN, "CheckIn: " + answer.message)
    second = next(updates)
    check(second.counters.checked_in_today == 1 and second.check_in.registration.code == codes[0].code,
          "Watch shows the check-in")
    updates.cancel()

    print("all checks passed", flush=True)


if __name__ == "__main__":
    main()
