# adgen_add_gradients(<target> SOURCES <file>... [OUTPUT_DIR <dir>] [EXTRA_ARGS <arg>...])
#
# For each source `<name>.cpp`, runs adgen at build time to write
# `<OUTPUT_DIR>/<name>.grad.h` (default OUTPUT_DIR: ${CMAKE_CURRENT_BINARY_DIR}/adgen),
# adds the header to <target>'s sources and OUTPUT_DIR to its include path.
#
# adgen sees what the target's compiler sees: the target's include
# directories and compile definitions (its own and those of what it links),
# and its C++ standard (CXX_STANDARD, default 17). EXTRA_ARGS are appended to
# that compiler command line (a later flag wins).
#
# Dependencies: adgen writes a depfile listing the source and every file it
# includes, so editing any of them regenerates the header, and a build in
# which nothing changed runs nothing. adgen leaves a header untouched when its
# content would not change, so what includes it does not recompile.
#
# Works in adgen's own build (the adgen target) and from an installed or
# exported package: find_package(adgen CONFIG REQUIRED) defines adgen::adgen,
# adgen::runtime and this function.
include_guard(GLOBAL)
if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "adgen_add_gradients needs CMake 3.20 or newer (DEPFILE with every generator)")
endif()
# A function keeps the policies in effect where it is defined: DEPFILE paths
# read relative to the current binary directory with Ninja (CMP0116), as with
# Makefiles. (include() scopes this setting to this file.)
cmake_policy(SET CMP0116 NEW)

function(adgen_add_gradients target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "OUTPUT_DIR" "SOURCES;EXTRA_ARGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "adgen_add_gradients(${target}): unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "adgen_add_gradients(${target}): no such target")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "adgen_add_gradients(${target}): SOURCES is required")
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/adgen)
  endif()
  get_filename_component(outdir "${ARG_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")

  # The tool: adgen::adgen (an alias in adgen's build, imported from the
  # package), else an adgen on PATH.
  if(TARGET adgen::adgen)
    set(exe adgen::adgen)
    set(exe_dep adgen::adgen)
  else()
    find_program(ADGEN_EXECUTABLE adgen REQUIRED)
    set(exe "${ADGEN_EXECUTABLE}")
    set(exe_dep "${ADGEN_EXECUTABLE}")
  endif()

  # The target's compiler view, evaluated at generation time.
  set(includes "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(defines "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(std "$<TARGET_PROPERTY:${target},CXX_STANDARD>")
  # Clang 16 spells C++23 c++2b.
  set(std "$<IF:$<BOOL:${std}>,$<IF:$<STREQUAL:${std},23>,2b,${std}>,17>")

  # adgen leaves a header untouched when its content would not change, so
  # that what includes it does not recompile. Ninja handles that itself
  # (restat): the header is the rule's output. Make would rerun a rule whose
  # output stays older than its inputs at every build, so there the rule's
  # output is a stamp file, touched each time adgen runs, and the header a
  # byproduct; the depfile names the stamp as its target and lists the
  # header among its prerequisites (deleting the header regenerates it).
  if(CMAKE_GENERATOR MATCHES "Ninja")
    set(use_stamp FALSE)
  else()
    set(use_stamp TRUE)
  endif()

  set(outputs)
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE)
    get_filename_component(name "${src}" NAME_WE)
    set(out "${outdir}/${name}.grad.h")
    if(out IN_LIST outputs)
      message(FATAL_ERROR "adgen_add_gradients(${target}): two sources named ${name}: "
                          "both would write ${out}; call it once per OUTPUT_DIR")
    endif()
    if(use_stamp)
      set(rule OUTPUT "${out}.stamp" BYPRODUCTS "${out}")
      set(stamp_arg "--depfile-target=${out}.stamp")
      set(touch_stamp COMMAND "${CMAKE_COMMAND}" -E touch "${out}.stamp")
    else()
      set(rule OUTPUT "${out}")
      set(stamp_arg)
      set(touch_stamp)
    endif()
    add_custom_command(
      ${rule}
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${outdir}"
      COMMAND ${exe} "${abs}" -o "${out}" "--depfile=${out}.d" ${stamp_arg} --
              "-std=c++${std}"
              "$<$<BOOL:${includes}>:-I$<JOIN:${includes},;-I>>"
              "$<$<BOOL:${defines}>:-D$<JOIN:${defines},;-D>>"
              ${ARG_EXTRA_ARGS}
      ${touch_stamp}
      DEPENDS "${abs}" ${exe_dep}
      DEPFILE "${out}.d"
      COMMENT "adgen: generating gradients of ${src}"
      COMMAND_EXPAND_LISTS
      VERBATIM)
    list(APPEND outputs "${out}")
    if(use_stamp)
      list(APPEND outputs "${out}.stamp")
    endif()
  endforeach()
  target_sources(${target} PRIVATE ${outputs})
  target_include_directories(${target} PRIVATE "${outdir}")
endfunction()
