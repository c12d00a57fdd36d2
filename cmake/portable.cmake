# How the libraries are linked. Normally: Debian's shared libraries. With HOTOPS_PORTABLE
# (the GPU bundle, scripts/gpu_bundle.sh), binaries that run on a machine that has none of
# them: static where Debian ships an archive and it is safe — OpenSSL, yaml-cpp, hwloc (C
# libraries or code built against the same libstdc++), the CUDA runtime — and fmt header-only;
# the rest (Google Benchmark, which Debian ships shared only, hence the shared C++ runtime:
# one libstdc++ per process; OpenMP; libudev) is copied beside the binaries and found through
# a run path of $ORIGIN/../lib.
set(HOTOPS_FMT fmt::fmt)
set(HOTOPS_YAML yaml-cpp)
set(HOTOPS_HWLOC PkgConfig::HWLOC)
if(HOTOPS_PORTABLE)
  find_library(HOTOPS_YAML_ARCHIVE NAMES libyaml-cpp.a REQUIRED)
  find_library(HOTOPS_HWLOC_ARCHIVE NAMES libhwloc.a REQUIRED)
  find_library(HOTOPS_UDEV NAMES udev libudev.so.1 REQUIRED)  # hwloc's own dependency (pkg-config --static --libs hwloc)
  find_package(Threads REQUIRED)
  set(HOTOPS_FMT fmt::fmt-header-only)
  set(HOTOPS_YAML ${HOTOPS_YAML_ARCHIVE})
  set(HOTOPS_HWLOC ${HOTOPS_HWLOC_ARCHIVE} ${HOTOPS_UDEV} m Threads::Threads)
  set(CMAKE_BUILD_WITH_INSTALL_RPATH ON)
  set(CMAKE_INSTALL_RPATH "$ORIGIN/../lib")
  message(STATUS "portable: static OpenSSL (${OPENSSL_CRYPTO_LIBRARY}), yaml-cpp, hwloc; fmt header-only; rpath $ORIGIN/../lib")
endif()
