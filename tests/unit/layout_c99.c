// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
/* include/shmbridge/layout.h must compile as strict C99 on its own (-std=c99
 * -Wall -Wextra -Werror -pedantic): the build fails here otherwise. Its own
 * checks then hold every size and offset the protocol depends on. */
#include <shmbridge/layout.h>

size_t shmbridge_layout_c99_room_segment_size(void);

size_t shmbridge_layout_c99_room_segment_size(void)
{
    return SHMBRIDGE_ROOM_SEGMENT_SIZE;
}
