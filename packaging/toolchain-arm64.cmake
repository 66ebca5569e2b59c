# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# Cross-building for arm64 (Raspberry Pi OS, Debian arm64) on a Debian amd64
# machine with multiarch: arm64's libraries and Qt (qt6-base-dev:arm64 ...)
# in /usr/lib/aarch64-linux-gnu, Qt's host tools (moc, rcc, qmlcachegen ...)
# from the machine's own packages, and Debian's cross compilers
# (crossbuild-essential-arm64). scripts/package.sh uses it with ARCH=arm64:
#   cmake -S . -B build-arm64 --toolchain packaging/toolchain-arm64.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(PKG_CONFIG_EXECUTABLE aarch64-linux-gnu-pkg-config CACHE FILEPATH "pkg-config for arm64")
# Programs are the machine's; libraries, headers and CMake packages arm64's.
set(CMAKE_FIND_ROOT_PATH /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(QT_HOST_PATH /usr CACHE PATH "Where Qt's host tools are")
# Tests, and help2man's run of the programs, go through qemu-user.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)
# Debian's name for the architecture, for the packages.
set(SHMBRIDGE_DEBIAN_ARCH arm64)
