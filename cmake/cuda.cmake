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

function(hotops_add_cuda_kernels target)
  if(NOT HOTOPS_CUDA OR NOT CMAKE_CUDA_COMPILER)
    message(STATUS "CUDA: no nvcc found (or HOTOPS_CUDA=OFF): the device variants are not built")
    set(HOTOPS_HAVE_CUDA OFF PARENT_SCOPE)
    return()
  endif()
  file(GLOB cuda_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/kernels/*/cuda/*.cu)
  add_library(hotops_cuda STATIC ${cuda_sources})
  set_target_properties(hotops_cuda PROPERTIES CUDA_ARCHITECTURES "90-real;90-virtual" CUDA_STANDARD 17
                                               POSITION_INDEPENDENT_CODE ON)
  target_include_directories(hotops_cuda PUBLIC ${PROJECT_SOURCE_DIR}/kernels)
  target_compile_definitions(hotops_cuda PUBLIC HOTOPS_HAVE_CUDA)  # the lists declare the device variants
  target_compile_options(hotops_cuda PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr -lineinfo>)
  target_link_libraries(hotops_cuda PUBLIC CUDA::cudart_static)
  target_compile_definitions(${target} PUBLIC HOTOPS_HAVE_CUDA)
  target_link_libraries(${target} PUBLIC hotops_cuda CUDA::cudart_static)
  message(STATUS "CUDA: ${CMAKE_CUDA_COMPILER_VERSION}, ${CMAKE_CUDA_COMPILER}: device variants built for sm_90 + PTX")
  set(HOTOPS_HAVE_CUDA ON PARENT_SCOPE)
endfunction()
