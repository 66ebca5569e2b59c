# SPDX-FileCopyrightText: 2026 The ShmBridge developers
# SPDX-License-Identifier: MIT
# One logging category per subsystem, declared here once, as KDE's
# ecm_qt_declare_logging_category does:
#   shmbridge_logging_category(<target> NAME core IDENTIFIER lcCore [DEFAULT QtInfoMsg])
# makes <name>logging.h (Q_DECLARE_LOGGING_CATEGORY) and its .cpp for the
# category "shmbridge.<name>", which logs from DEFAULT up (QtWarningMsg unless
# told); QT_LOGGING_RULES="shmbridge.<name>.info=true" shows the rest.
function(shmbridge_logging_category target)
    cmake_parse_arguments(arg "" "NAME;IDENTIFIER;DEFAULT" "" ${ARGN})
    if(NOT arg_DEFAULT)
        set(arg_DEFAULT QtWarningMsg)
    endif()
    set(SHMBRIDGE_LOG_NAME ${arg_NAME})
    set(SHMBRIDGE_LOG_IDENTIFIER ${arg_IDENTIFIER})
    set(SHMBRIDGE_LOG_DEFAULT ${arg_DEFAULT})
    set(dir ${CMAKE_CURRENT_BINARY_DIR}/logging)
    configure_file(${PROJECT_SOURCE_DIR}/cmake/logging_category.h.in ${dir}/${arg_NAME}logging.h @ONLY)
    configure_file(${PROJECT_SOURCE_DIR}/cmake/logging_category.cpp.in ${dir}/${arg_NAME}logging.cpp @ONLY)
    target_sources(${target} PRIVATE ${dir}/${arg_NAME}logging.h ${dir}/${arg_NAME}logging.cpp)
    target_include_directories(${target} PUBLIC ${dir})
endfunction()
