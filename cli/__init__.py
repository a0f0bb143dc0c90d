"""The ``standards`` command line: a thin click layer over :mod:`standards_lib`."""
