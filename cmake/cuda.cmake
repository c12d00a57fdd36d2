# CUDA variants: kernels/<family>/cuda/*.cu, compiled into their own library (sm_90 + PTX)
# whenever nvcc is present — with or without a GPU on this machine; device variants then
# skip at run time with the reason. -DHOTOPS_CUDA=OFF leaves them out.
option(HOTOPS_CUDA "build the CUDA variants when nvcc is found" ON)
include(CheckLanguage)
if(HOTOPS_CUDA AND NOT CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
  set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)  # the toolkit's default place, off PATH in many shells
endif()
if(HOTOPS_CUDA)
  check_language(CUDA)
endif()
if(HOTOPS_CUDA AND CMAKE_CUDA_COMPILER)
  enable_language(CUDA)  # at top level: CMake sets up the language for the whole project here
  find_package(CUDAToolkit REQUIRED)
endif()

# A static library of .cu files for the device: sm_90 machine code + PTX, C++17, and
# HOTOPS_HAVE_CUDA (the variant lists declare device variants under it).
function(hotops_cuda_library name)
  add_library(${name} STATIC ${ARGN})
  set_target_properties(${name} PROPERTIES CUDA_ARCHITECTURES "90-real;90-virtual" CUDA_STANDARD 17
                                           POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/kernels ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${name} PUBLIC HOTOPS_HAVE_CUDA)
  target_compile_options(${name} PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr -lineinfo>)
  target_link_libraries(${name} PUBLIC CUDA::cudart_static)
endfunction()

function(hotops_add_cuda_kernels target)
  if(NOT HOTOPS_CUDA OR NOT CMAKE_CUDA_COMPILER)
    message(STATUS "CUDA: no nvcc found (or HOTOPS_CUDA=OFF): the device variants are not built")
    set(HOTOPS_HAVE_CUDA OFF PARENT_SCOPE)
    return()
  endif()
  file(GLOB cuda_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/kernels/*/cuda/*.cu)
  hotops_cuda_library(hotops_cuda ${cuda_sources})
  target_compile_definitions(${target} PUBLIC HOTOPS_HAVE_CUDA)
  target_link_libraries(${target} PUBLIC hotops_cuda CUDA::cudart_static)
  message(STATUS "CUDA: ${CMAKE_CUDA_COMPILER_VERSION}, ${CMAKE_CUDA_COMPILER}: device variants built for sm_90 + PTX")
  set(HOTOPS_HAVE_CUDA ON PARENT_SCOPE)
endfunction()
