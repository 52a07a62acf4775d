# adgen_add_gradients(<target> SOURCES <file>... [OUTPUT_DIR <dir>] [EXTRA_ARGS <arg>...])
#
# Runs adgen on each source at build time, producing <OUTPUT_DIR>/<name>.grad.h
# (default OUTPUT_DIR: ${CMAKE_CURRENT_BINARY_DIR}/adgen), makes <target>
# depend on the headers, and puts OUTPUT_DIR on the target's include path.
# The target's include directories and compile definitions are passed to adgen.
function(adgen_add_gradients target)
  cmake_parse_arguments(ARG "" "OUTPUT_DIR" "SOURCES;EXTRA_ARGS" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "adgen_add_gradients(${target}): SOURCES is required")
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/adgen)
  endif()
  if(TARGET adgen)
    set(adgen_exe $<TARGET_FILE:adgen>)
  else()
    find_program(adgen_exe adgen REQUIRED)
  endif()
  set(includes "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(defines "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(outputs)
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(abs ${src} ABSOLUTE)
    get_filename_component(name ${src} NAME_WE)
    set(out ${ARG_OUTPUT_DIR}/${name}.grad.h)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${ARG_OUTPUT_DIR}
      COMMAND ${adgen_exe} ${abs} -o ${out} --
              -std=c++17 "$<$<BOOL:${includes}>:-I$<JOIN:${includes},;-I>>"
              "$<$<BOOL:${defines}>:-D$<JOIN:${defines},;-D>>" ${ARG_EXTRA_ARGS}
      DEPENDS ${abs} ${adgen_exe}
      COMMENT "adgen: generating gradients of ${src}"
      COMMAND_EXPAND_LISTS
      VERBATIM)
    list(APPEND outputs ${out})
  endforeach()
  target_sources(${target} PRIVATE ${outputs})
  target_include_directories(${target} PRIVATE ${ARG_OUTPUT_DIR})
endfunction()
