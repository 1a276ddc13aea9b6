from pathlib import Path

from bench.host import describe, processor


def test_the_processor_is_read_from_the_kernel_table(tmp_path: Path) -> None:
    table = tmp_path / "cpuinfo"
    table.write_text("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n")
    assert processor(table) == "AMD EPYC"


def test_without_a_model_name_the_architecture_stands_in(tmp_path: Path) -> None:
    table = tmp_path / "cpuinfo"
    table.write_text("processor\t: 0\nmodel name\t:\n")
    assert processor(table) == describe()["machine"]
    assert processor(tmp_path / "absent") == describe()["machine"]


def test_a_description_names_cores_and_interpreter() -> None:
    found = describe()
    assert isinstance(found["cpus"], int)
    assert found["cpus"] >= 1
    assert str(found["python"]).count(".") == 2
