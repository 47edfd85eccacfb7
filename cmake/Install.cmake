# Where Slate's files go on a box, and the Debian package made of them (scripts/package runs
# cpack). The package installs into /usr (CPACK_PACKAGING_INSTALL_PREFIX); the configuration and
# the Avahi service go into /etc whatever the prefix, as Debian wants.
include(GNUInstallDirs)

install(TARGETS slated slate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The card mount helper and its units come with its target: without the helper, slated runs on
# with no automount, and a socket that starts a missing binary would only fail.
if(TARGET slate-mountd)
  install(TARGETS slate-mountd RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})
  install(FILES systemd/slate-mountd.socket systemd/slate-mountd.service
          DESTINATION lib/systemd/system)
endif()

# The tablet app: only what slated serves, not its tests or their npm packages.
install(DIRECTORY tablet-ui/public/ DESTINATION ${CMAKE_INSTALL_DATADIR}/slate/ui)

# Both are conffiles (packaging/debian/conffiles): an upgrade keeps the admin's changes.
install(FILES packaging/slated.toml DESTINATION /etc/slate)
install(FILES packaging/avahi/slate.service DESTINATION /etc/avahi/services)

# lintian (Debian 12) takes /usr/lib/systemd/system as the standard place for units.
install(FILES systemd/slated.service systemd/slated-http.socket systemd/slated-https.socket
        DESTINATION lib/systemd/system)
install(FILES systemd/slate.sysusers.conf DESTINATION lib/sysusers.d RENAME slate.conf)
install(FILES systemd/slate.tmpfiles.conf DESTINATION lib/tmpfiles.d RENAME slate.conf)

# No udev rules: USB cameras are given to plugdev by libgphoto2's own rules (libgphoto2-6), and
# card readers' block devices are opened only by slate-mountd, as root.

# Compressed as Debian wants them (gzip -9, no name or time stamp, so the package is the same
# from the same sources).
set(slate_packaging_dir ${PROJECT_BINARY_DIR}/packaging)
set(slate_gzipped "")
function(slate_gzip source output)
  add_custom_command(OUTPUT ${slate_packaging_dir}/${output}
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${slate_packaging_dir}
                     COMMAND sh -c "gzip -9n -c \"$1\" > \"$2\"" sh ${PROJECT_SOURCE_DIR}/${source}
                             ${slate_packaging_dir}/${output}
                     DEPENDS ${PROJECT_SOURCE_DIR}/${source} VERBATIM)
  set(slate_gzipped ${slate_gzipped} ${slate_packaging_dir}/${output} PARENT_SCOPE)
endfunction()
slate_gzip(packaging/changelog changelog.gz)
slate_gzip(daemon/slated.example.toml slated.example.toml.gz)
slate_gzip(packaging/man/slated.8 slated.8.gz)
slate_gzip(packaging/man/slate.1 slate.1.gz)
slate_gzip(packaging/man/slate-mountd.8 slate-mountd.8.gz)
add_custom_target(slate_packaging_docs ALL DEPENDS ${slate_gzipped})

set(slate_doc_dir ${CMAKE_INSTALL_DATADIR}/doc/slate)
install(FILES ${slate_packaging_dir}/changelog.gz ${slate_packaging_dir}/slated.example.toml.gz
              packaging/copyright DESTINATION ${slate_doc_dir})
install(FILES ${slate_packaging_dir}/slated.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${slate_packaging_dir}/slate.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
if(TARGET slate-mountd)
  install(FILES ${slate_packaging_dir}/slate-mountd.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
endif()

# What the package holds. scripts/package builds this target, then cpack installs it: not all of
# ALL (the test suites), which on two cores is most of a build. So `ninja install` too installs
# what was built, without building the rest first.
set(slate_package_contents slated slate slate_packaging_docs)
if(TARGET slate-mountd)
  list(APPEND slate_package_contents slate-mountd)
endif()
add_custom_target(slate_package_contents DEPENDS ${slate_package_contents})
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

# The .deb: slate_<version>_<arch>.deb.
set(SLATE_PACKAGE_MAINTAINER "Slate maintainers <maintainers@slate.example.org>"
    CACHE STRING "Maintainer: field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME slate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${SLATE_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "on-set capture and logging appliance for film sets")
# The lines under the synopsis; CPack indents them.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Slate is the software of a small box on a film set: camera cards and
tethered cameras are plugged into it and every tablet on set talks to it.
It offloads cards to several drives at once with checksums, read-back
verification and ASC MHL, keeps the production's log of scenes, setups and
takes, attaches each clip to its take by timecode, makes proxies and the
day's reports, and serves the tablet app over HTTPS.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps finds the libraries the binaries link (libgphoto2-6 among them, which brings its
# camera drivers and udev rules); these are what they load or run besides:
# GStreamer's plugins (probe, thumbnails, proxies), exfat-fuse (slate-mountd mounts exFAT cards
# with it), the fonts the PDF reports embed, and systemd-sysusers and systemd-tmpfiles for postinst
# (deb-systemd-helper comes with init-system-helpers, which is essential).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "gstreamer1.0-plugins-base, gstreamer1.0-plugins-good, \
gstreamer1.0-plugins-bad, gstreamer1.0-plugins-ugly, gstreamer1.0-libav, gstreamer1.0-x, \
exfat-fuse, fonts-dejavu-core, systemd")
# Advertises the box as slate.local; a box without it is reached by its address.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "avahi-daemon")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# The /etc destinations are absolute: with DESTDIR they land in the package's tree, never in the
# building machine's /etc. With DESTDIR, CPack installs to CPACK_INSTALL_PREFIX, not to the
# build's CMAKE_INSTALL_PREFIX (/usr/local unless told).
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
