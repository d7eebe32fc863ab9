"""The ``thidua`` command line (DESIGN.md, "Public interfaces").

A wrong or missing setting stops start-up with one clear sentence and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEMO_DEFAULT_PASSWORD = "thidua-demo-2026"  # noqa: S105 - the published password of the demo accounts


class CommandError(Exception):
    """Stops the command with one sentence for the operator."""


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.config.settings")
    from thidua.config.env import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        raise CommandError(str(exc)) from None


def _check_database() -> None:
    from django.db import connection
    from django.db.utils import Error as DatabaseError

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(f"Không kết nối được cơ sở dữ liệu ({first_line}): kiểm tra THIDUA_DATABASE_URL.") from None


def _migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    _check_database()
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
    call_command("collectstatic", interactive=False, verbosity=0)


def _serve(host: str, port: int, workers: int) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    connections.close_all()  # never share a database connection across the fork

    class ThiduaServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": 4,
                "timeout": 120,
                "accesslog": "-",
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "thidua",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from thidua.config.wsgi import application

            return application

    ThiduaServer().run()


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    _check_database()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"thidua đang chạy tại http://{args.host}:{args.port}/ (Ctrl+C để dừng)", flush=True)
    _serve(args.host, args.port, args.workers)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir or os.environ.get("THIDUA_DEMO_DIR") or Path.home() / ".thidua" / "demo").expanduser()
    os.environ["THIDUA_DATA_DIR"] = str(data_dir)
    os.environ["THIDUA_DATABASE_URL"] = ""  # the demo always runs on its own embedded database
    os.environ.pop("THIDUA_HTTPS", None)
    if args.host not in ("127.0.0.1", "localhost", "0.0.0.0", "::1"):  # noqa: S104 - the operator asked for it
        os.environ.setdefault("THIDUA_ALLOWED_HOSTS", f"{args.host},localhost,127.0.0.1")
    elif args.host == "0.0.0.0":  # noqa: S104 - the operator asked for it
        os.environ.setdefault("THIDUA_ALLOWED_HOSTS", "*")
    _setup_django()
    print(f"Chuẩn bị dữ liệu mẫu trong {data_dir} ...", flush=True)
    _migrate()
    from thidua.core.demo import load_demo

    summary = load_demo(password=args.password or DEMO_DEFAULT_PASSWORD)
    shown_host = "127.0.0.1" if args.host == "0.0.0.0" else args.host  # noqa: S104 - only for display
    address = f"http://{shown_host}:{args.port}/"
    print(summary.describe(address))
    if args.no_serve:
        return 0
    print(f"\nMở trình duyệt tại {address} — Ctrl+C để dừng.", flush=True)
    worker = _start_worker()
    try:
        _serve(args.host, args.port, args.workers)
    finally:
        _stop_worker(worker)
    return 0


def _start_worker() -> Any:
    """The demo runs its own background worker (reports built in the background), so a newcomer starts nothing else.
    It is a child process on the same embedded database (the environment already points at it)."""
    import subprocess

    print("Đã chạy kèm máy chạy nền (thidua worker) để tạo báo cáo.", flush=True)
    return subprocess.Popen([sys.executable, "-m", "thidua", "worker", "--quiet"])


def _stop_worker(worker: Any) -> None:
    import subprocess

    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def cmd_worker(args: argparse.Namespace) -> int:
    """Runs the background jobs (django-tasks, database backend): report files, imports, recomputation."""
    _setup_django()
    _check_database()
    from django.core.management import call_command

    if not args.quiet:
        print("Máy chạy nền đang chờ việc (Ctrl+C để dừng).", flush=True)
    call_command(
        "db_worker",
        queue_name="*",
        interval=args.interval,
        batch=args.batch,
        reload=False,
        verbosity=0 if args.quiet else 1,
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Builds a báo cáo sơ kết / tổng kết synchronously and writes it to ``--out``."""
    _setup_django()
    _check_database()
    from thidua.core.domain.errors import DomainError
    from thidua.reports.services import build_bytes, command_draft, command_format

    try:
        file_format = command_format(args.out)
        draft = command_draft(
            kind=args.kind.replace("-", "_"), cluster_number=args.cluster, period_code=args.period, unit_code=args.unit
        )
        _, content = build_bytes(draft, file_format, user=None)
    except DomainError as exc:
        raise CommandError(exc.message) from None
    out = Path(args.out)
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"Không ghi được tệp «{out}» ({exc.strerror}).") from None
    print(f"Đã ghi {out} ({len(content):,} byte).".replace(",", "."))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    _setup_django()
    _migrate(verbose=True)
    from thidua.accounts.models import User
    from thidua.accounts.services import role_assign, user_create

    if User.objects.filter(is_superuser=True).exists():
        print("Cơ sở dữ liệu đã cập nhật; đã có quản trị viên, không tạo thêm.")
        return 0
    password = args.password or os.environ.get("THIDUA_ADMIN_PASSWORD")
    generated = False
    if not password:
        password = secrets.token_urlsafe(12)
        generated = True
    from thidua.core.domain.errors import DomainError

    try:
        admin = user_create(
            username=args.username, password=password, full_name="Quản trị hệ thống", is_superuser=True, actor=None
        )
        role_assign(user=admin, role="system_admin", actor=None)
    except DomainError as exc:
        raise CommandError(exc.message) from None
    print(f"Đã tạo quản trị viên «{admin.username}».")
    if generated:
        print(f"Mật khẩu: {password}  (hãy đổi sau lần đăng nhập đầu)")
    return 0


def cmd_token_create(args: argparse.Namespace) -> int:
    _setup_django()
    _check_database()
    from thidua.accounts.models import User
    from thidua.accounts.services import token_create

    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise CommandError(f"Không có người dùng «{args.username}».")
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    from thidua.core.domain.errors import DomainError

    try:
        key = token_create(user=user, actor=admin)
    except DomainError as exc:
        raise CommandError(exc.message) from None
    print(key)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    _setup_django()
    _check_database()
    from thidua.core.audit import verify

    count, broken = verify()
    if broken is None:
        print(f"Nhật ký thay đổi nguyên vẹn: {count} sự kiện, chuỗi băm khớp.")
        return 0
    print(f"Nhật ký thay đổi bị hỏng tại sự kiện số {broken.seq}: {broken.reason}.")
    return 1


def cmd_extract(args: argparse.Namespace) -> int:
    """Figures found in a Vietnamese narrative report, with the indicator each one probably belongs to."""
    import json

    from thidua.core.domain.errors import DomainError
    from thidua.core.domain.numbers import format_number
    from thidua.reports.extract import extract_file, figures_as_json

    indicators = None
    try:
        _setup_django()
        from thidua.indicators.models import Indicator

        indicators = [(i.code, i.name, i.synonyms, i.unit_of_measure) for i in Indicator.objects.filter(is_active=True)]
    except Exception:  # noqa: BLE001 - without a database the figures are still found, only not matched
        indicators = None
    try:
        figures = extract_file(args.file, indicators)
    except DomainError as exc:
        raise CommandError(exc.message) from None
    if args.json:
        print(json.dumps(figures_as_json(figures), ensure_ascii=False, indent=2))
        return 0
    for figure in figures:
        qualifier = f" [{figure.qualifier.value}]" if figure.qualifier else ""
        change = f" ({figure.change.value})" if figure.change else ""
        indicator = f" -> {figure.indicator}" if figure.indicator else ""
        print(f"{format_number(figure.value)} {figure.unit or ''}{qualifier}{change}{indicator}: {figure.text}")
    if not figures:
        print("Không tìm thấy số liệu nào.")
    return 0


def cmd_ballot_verify(args: argparse.Namespace) -> int:
    """Recount a secret ballot and check its papers against who took part."""
    _setup_django()
    _check_database()
    from thidua.voting.services import verify_command

    ok, lines = verify_command(args.ballot_id)
    print("\n".join(lines))
    return 0 if ok else 1


def cmd_manage(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thidua manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="thidua", description="thidua — quản lý thi đua, khen thưởng")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="tạo dữ liệu mẫu trên cơ sở dữ liệu nhúng và chạy ứng dụng")
    demo.add_argument("--data-dir", help="thư mục dữ liệu mẫu (mặc định ~/.thidua/demo)")
    demo.add_argument("--host", default=DEFAULT_HOST)
    demo.add_argument("--port", type=int, default=DEFAULT_PORT)
    demo.add_argument("--password", help=f"mật khẩu của các tài khoản mẫu (mặc định {DEMO_DEFAULT_PASSWORD})")
    demo.add_argument("--no-serve", action="store_true", help="chỉ chuẩn bị dữ liệu, không chạy máy chủ")
    demo.add_argument("--workers", type=int, default=2)
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="chạy máy chủ (gunicorn) trên cơ sở dữ liệu đã cấu hình")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1)))
    serve.set_defaults(func=cmd_serve)

    init = sub.add_parser("init", help="cập nhật cấu trúc cơ sở dữ liệu và tạo quản trị viên đầu tiên")
    init.add_argument("--username", default="admin")
    init.add_argument("--password", help="mật khẩu (hoặc biến THIDUA_ADMIN_PASSWORD; bỏ trống để sinh ngẫu nhiên)")
    init.set_defaults(func=cmd_init)

    token = sub.add_parser("token", help="mã truy cập API")
    token_sub = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    token_create = token_sub.add_parser("create", help="tạo mã truy cập API cho một người dùng")
    token_create.add_argument("username")
    token_create.set_defaults(func=cmd_token_create)

    audit = sub.add_parser("audit", help="nhật ký thay đổi")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_sub.add_parser("verify", help="kiểm tra chuỗi băm của nhật ký, báo liên kết hỏng đầu tiên")
    verify.set_defaults(func=cmd_audit_verify)

    ballot = sub.add_parser("ballot", help="bỏ phiếu kín bình xét, suy tôn")
    ballot_sub = ballot.add_subparsers(dest="ballot_command", required=True, metavar="ACTION")
    ballot_verify = ballot_sub.add_parser("verify", help="kiểm phiếu lại, đối chiếu số phiếu với số cử tri đã bỏ phiếu")
    ballot_verify.add_argument("ballot_id", type=int, metavar="BALLOT_ID")
    ballot_verify.set_defaults(func=cmd_ballot_verify)

    extract = sub.add_parser("extract", help="tìm số liệu trong báo cáo tường thuật (.txt hoặc .docx)")
    extract.add_argument("file")
    extract.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    extract.set_defaults(func=cmd_extract)

    report = sub.add_parser("report", help="lập báo cáo sơ kết, tổng kết của cụm (hoặc của một đơn vị)")
    report.add_argument("kind", choices=["so-ket", "tong-ket"], help="so-ket: 6 tháng; tong-ket: năm")
    report.add_argument("--cluster", type=int, required=True, metavar="NUMBER", help="số cụm thi đua, ví dụ 6")
    report.add_argument("--period", required=True, metavar="CODE", help="mã kỳ, ví dụ 2026S1 hoặc 2025")
    report.add_argument("--unit", metavar="CODE", help="mã đơn vị: báo cáo của đơn vị gửi cụm")
    report.add_argument("--out", required=True, metavar="FILE", help="tệp kết quả .docx, .xlsx hoặc .pdf")
    report.set_defaults(func=cmd_report)

    worker = sub.add_parser("worker", help="chạy các việc nền (tạo báo cáo, ...)")
    worker.add_argument("--interval", type=float, default=1.0, help="số giây chờ giữa hai lần tìm việc")
    worker.add_argument("--batch", action="store_true", help="làm hết việc đang chờ rồi dừng")
    worker.add_argument("--quiet", action="store_true", help="không in nhật ký")
    worker.set_defaults(func=cmd_worker)

    manage = sub.add_parser("manage", help="lệnh quản trị Django bất kỳ", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"thidua: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        database_errors = sys.modules.get("django.db.utils")
        if database_errors is None or not isinstance(exc, database_errors.Error):
            raise
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(
            f"thidua: cơ sở dữ liệu chưa sẵn sàng ({first_line}): hãy chạy «thidua init», hoặc đặt THIDUA_DATA_DIR "
            "(THIDUA_DATABASE_URL) tới cơ sở dữ liệu đúng.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
