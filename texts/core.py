"""Texts of the core flows: start, invites, roles, groups, help, language, errors."""

TEXTS: dict[str, tuple[str, str]] = {
    # roles
    "core.role.admin": ("Admin", "Admin"),
    "core.role.secretariat": ("Sekretariat", "Secretariat"),
    "core.role.chair": ("Ketua", "Chair"),
    "core.role.focal_point": ("Focal point", "Focal point"),
    "core.role.viewer": ("Pemantau", "Viewer"),
    "core.role.with_org": ("{role} {org}", "{role} of {org}"),
    "core.role.in_team": ("{role} di {team}", "{role} in {team}"),
    # start
    "core.start.unknown": (
        "Halo! Saya <b>Pantau</b>, bot pelaporan realisasi kegiatan tim koordinasi daerah.\n\n"
        "Anda belum terdaftar. Minta <b>tautan undangan</b> kepada sekretariat tim Anda "
        "(mis. Bappeda atau Bagian Perekonomian), lalu buka tautan itu dari HP Anda.",
        "Hello! I am <b>Pantau</b>, the bot for realisation reports of regional coordination teams.\n\n"
        "You are not registered yet. Ask your team's secretariat for an <b>invitation link</b> "
        "and open it on your phone.",
    ),
    "core.start.known": (
        "Halo, {name}! Anda terdaftar sebagai:\n{roles}\n\nKetik /bantuan untuk melihat perintah Anda.",
        "Hello, {name}! You are registered as:\n{roles}\n\nType /help to see your commands.",
    ),
    "core.start.registered": (
        "Selamat datang, {name}! Anda kini terdaftar sebagai <b>{role}</b> di <b>{team}</b>.\n\n{does}",
        "Welcome, {name}! You are now registered as <b>{role}</b> in <b>{team}</b>.\n\n{does}",
    ),
    "core.does.admin": (
        "Anda dapat mengundang orang, menghubungkan grup, dan memakai semua perintah tim.",
        "You can invite people, link groups and use every team command.",
    ),
    "core.does.secretariat": (
        "Anda dapat mengundang anggota (/undang), menghubungkan grup (/hubungkan), memverifikasi laporan, "
        "mengecualikan OPD, membuka periode terkunci, dan melihat serta mengekspor progres.",
        "You can invite members (/undang), link groups (/hubungkan), verify reports, excuse organizations, "
        "reopen locked periods, and view and export progress.",
    ),
    "core.does.chair": (
        "Anda dapat melihat progres tim (/progres, /rekap, /belum, /kurva) dan mengunduh rekap Excel (/ekspor).",
        "You can view the team's progress (/progres, /rekap, /belum, /kurva) and download the Excel recap (/ekspor).",
    ),
    "core.does.focal_point": (
        "Laporkan realisasi kegiatan OPD Anda dengan /lapor. Saya akan mengingatkan Anda sebelum tenggat.",
        "Report your organization's realisation with /lapor. I will remind you before the deadline.",
    ),
    "core.does.viewer": (
        "Anda dapat melihat progres tim dengan /progres, /rekap dan /belum.",
        "You can view the team's progress with /progres, /rekap and /belum.",
    ),
    # invites
    "core.invite.unknown": (
        "Tautan undangan ini tidak dikenal. Periksa kembali tautannya, atau minta tautan baru kepada sekretariat.",
        "This invitation link is not known. Check the link, or ask the secretariat for a new one.",
    ),
    "core.invite.used": (
        "Tautan undangan ini sudah dipakai. Setiap tautan hanya berlaku sekali; minta tautan baru kepada sekretariat.",
        "This invitation link has already been used. Each link works once; ask the secretariat for a new one.",
    ),
    "core.invite.already_registered": (
        "Anda sudah terdaftar sebagai <b>{role}</b> di <b>{team}</b>; tautan ini tidak perlu dibuka lagi. "
        "Ketik /bantuan untuk melihat perintah Anda.",
        "You are already registered as <b>{role}</b> in <b>{team}</b>; there is no need to open this link again. "
        "Type /help to see your commands.",
    ),
    "core.invite.expired": (
        "Tautan undangan ini sudah kedaluwarsa. Minta tautan baru kepada sekretariat.",
        "This invitation link has expired. Ask the secretariat for a new one.",
    ),
    "core.invite.bad_role": (
        "Peran {role} tidak dikenal. Pilih: sekretariat, ketua, focal_point, pemantau, admin.",
        "Unknown role {role}. Choose: sekretariat, ketua, focal_point, pemantau, admin.",
    ),
    "core.invite.org_needed": (
        "Undangan focal point harus menyebut kode OPD-nya, mis. <code>/undang focal_point DISKOPUKM</code>.",
        "A focal point invitation must name the organization code, e.g. <code>/undang focal_point DISKOPUKM</code>.",
    ),
    "core.invite.org_only_focal": (
        "Kode OPD hanya dipakai untuk undangan focal point.",
        "An organization code is only used for focal point invitations.",
    ),
    "core.invite.bad_expiry": ("Masa berlaku undangan harus lebih dari nol.", "The expiry must be positive."),
    "core.invite.usage": (
        "Cara pakai: <code>/undang PERAN [KODE_OPD] [KODE_TIM]</code>\n"
        "Peran: sekretariat, ketua, focal_point (dengan kode OPD), pemantau.\n"
        "Contoh: <code>/undang focal_point DISKOPUKM</code>",
        "Usage: <code>/undang ROLE [ORG_CODE] [TEAM_CODE]</code>\n"
        "Roles: sekretariat, ketua, focal_point (with an organization code), pemantau.\n"
        "Example: <code>/undang focal_point DISKOPUKM</code>",
    ),
    "core.invite.which_team": (
        "Anda mengelola beberapa tim. Sebutkan kode timnya: {choices}.",
        "You manage several teams. Name the team code: {choices}.",
    ),
    "core.invite.created": (
        "Tautan undangan untuk <b>{role}</b> di <b>{team}</b>.\nSekali pakai, berlaku sampai {expires}.\n"
        "Teruskan kepada orangnya:\n{link}",
        "Invitation link for <b>{role}</b> in <b>{team}</b>.\nSingle use, valid until {expires}.\n"
        "Forward it to the person:\n{link}",
    ),
    "core.invite.not_allowed": (
        "Anda tidak berhak mengundang {role} di tim ini.",
        "You may not invite a {role} to this team.",
    ),
    "core.invite.org_not_in_team": (
        "OPD <b>{org}</b> bukan anggota tim {team}, jadi tidak dapat diundang focal point-nya di sini. "
        "OPD tim {team}: {choices}.",
        "Organization <b>{org}</b> is not in team {team}, so its focal point cannot be invited here. "
        "Organizations of {team}: {choices}.",
    ),
    "core.team.unknown": (
        "Tim <b>{team}</b> tidak dikenal. Tim yang ada: {choices}.",
        "Team <b>{team}</b> is not known. Teams: {choices}.",
    ),
    "core.org.unknown": (
        "OPD <b>{org}</b> tidak dikenal. Periksa kode OPD-nya.",
        "Organization <b>{org}</b> is not known. Check its code.",
    ),
    # groups
    "core.group.added": (
        "Terima kasih telah menambahkan Pantau. Admin atau sekretariat tim dapat menghubungkan grup ini "
        "dengan <code>/hubungkan KODE_TIM</code>.",
        "Thank you for adding Pantau. A team admin or secretariat member can link this group with "
        "<code>/hubungkan TEAM_CODE</code>.",
    ),
    "core.group.link_usage": (
        "Cara pakai: <code>/hubungkan KODE_TIM</code>, mis. <code>/hubungkan TPAKD-DS</code>.",
        "Usage: <code>/hubungkan TEAM_CODE</code>, e.g. <code>/hubungkan TPAKD-DS</code>.",
    ),
    "core.group.linked": (
        "Grup ini kini terhubung dengan <b>{team}</b>. Pengingat, pemberitahuan laporan dan grafik mingguan "
        "akan dikirim ke sini.",
        "This group is now linked to <b>{team}</b>. Reminders, report notices and weekly charts will be posted here.",
    ),
    "core.group.linked_topic": (
        "Grup ini kini terhubung dengan <b>{team}</b>. Pengingat, pemberitahuan laporan dan grafik mingguan "
        "akan dikirim ke topik <b>{topic}</b>. Untuk memindahkannya, kirim <code>/hubungkan</code> lagi di topik lain "
        "(atau di General).",
        "This group is now linked to <b>{team}</b>. Reminders, report notices and weekly charts will be posted in "
        "the topic <b>{topic}</b>. To move them, send <code>/hubungkan</code> again in another topic (or in General).",
    ),
    "core.group.linked_this_topic": (
        "Grup ini kini terhubung dengan <b>{team}</b>. Pengingat, pemberitahuan laporan dan grafik mingguan "
        "akan dikirim ke topik ini. Untuk memindahkannya, kirim <code>/hubungkan</code> lagi di topik lain "
        "(atau di General).",
        "This group is now linked to <b>{team}</b>. Reminders, report notices and weekly charts will be posted in "
        "this topic. To move them, send <code>/hubungkan</code> again in another topic (or in General).",
    ),
    "core.group.linked_general": (
        "Grup ini kini terhubung dengan <b>{team}</b>. Pengingat, pemberitahuan laporan dan grafik mingguan "
        "akan dikirim ke topik <b>General</b>. Untuk memakai topik lain, kirim <code>/hubungkan</code> di topik itu.",
        "This group is now linked to <b>{team}</b>. Reminders, report notices and weekly charts will be posted in "
        "the <b>General</b> topic. To use another topic, send <code>/hubungkan</code> in that topic.",
    ),
    "core.group.link_not_allowed": (
        "Hanya admin atau sekretariat tim {team} yang dapat menghubungkan grup.",
        "Only an admin or secretariat member of {team} can link a group.",
    ),
    "core.group.move_not_allowed": (
        "Grup ini terhubung dengan tim {current}. Untuk memindahkannya ke {team}, diperlukan admin atau sekretariat "
        "{current} yang juga admin atau sekretariat {team}.",
        "This group is linked to team {current}. Moving it to {team} takes an admin or secretariat member of "
        "{current} who is also an admin or secretariat member of {team}.",
    ),
    "core.group.moved": (
        "Grup ini dipindahkan dari <b>{old}</b> ke <b>{team}</b>; {old} tidak lagi mengirim ke sini.",
        "This group was moved from <b>{old}</b> to <b>{team}</b>; {old} no longer posts here.",
    ),
    "core.group.moved_notice": (
        "ℹ️ Grup <b>{group}</b> tidak lagi terhubung dengan <b>{old}</b>: {name} memindahkannya ke <b>{team}</b>. "
        "Pengingat, pemberitahuan laporan dan grafik mingguan {old} tidak dikirim ke sana lagi. Untuk memakai grup "
        "lain, tambahkan saya ke grup itu dan kirim <code>/hubungkan {old_code}</code>.",
        "ℹ️ The group <b>{group}</b> is no longer linked to <b>{old}</b>: {name} moved it to <b>{team}</b>. "
        "Reminders, report notices and weekly charts of {old} are no longer posted there. To use another group, "
        "add me to it and send <code>/hubungkan {old_code}</code>.",
    ),
    "core.group.only": (
        "Perintah ini dipakai di grup tim, bukan di chat pribadi.",
        "This command is used in the team's group, not in a private chat.",
    ),
    "core.group.not_linked": (
        "Grup ini belum terhubung dengan tim. Admin atau sekretariat dapat memakai <code>/hubungkan KODE_TIM</code>.",
        "This group is not linked to a team yet. An admin or secretariat member can use "
        "<code>/hubungkan TEAM_CODE</code>.",
    ),
    "core.private.only": (
        "{command} dipakai di chat pribadi dengan saya. Tekan tombol di bawah untuk membukanya.",
        "{command} is used in a private chat with me. Press the button below to open it.",
    ),
    "core.button.open_private": ("Buka chat pribadi", "Open private chat"),
    # help and language
    "core.help.header": ("<b>Perintah Anda</b>", "<b>Your commands</b>"),
    "core.help.unregistered": (
        "Anda belum terdaftar. Minta tautan undangan kepada sekretariat tim Anda.\n/bahasa — ganti bahasa",
        "You are not registered. Ask your team's secretariat for an invitation link.\n/bahasa — change language",
    ),
    "core.cmd.start": ("mulai dan lihat peran Anda", "start and see your roles"),
    "core.cmd.lapor": (
        "laporkan realisasi kegiatan (⚡ Lapor cepat: semua kegiatan dalam satu pesan)",
        "report an activity's realisation (⚡ Quick report: every activity in one message)",
    ),
    "core.cmd.riwayat": ("laporan Anda dan revisinya", "your reports and their revisions"),
    "core.cmd.batal": ("batalkan langkah yang sedang berjalan", "cancel the current step"),
    "core.cmd.progres": ("grafik capaian tim [program|OPD]", "team achievement chart [program|org]"),
    "core.cmd.rekap": ("tabel rekap realisasi [periode]", "realisation recap table [period]"),
    "core.cmd.belum": ("siapa yang belum melapor [periode]", "who has not reported [period]"),
    "core.cmd.indikator": (
        "indikator bersama di tim-tim bawahan (provinsi) KODE [periode]",
        "a shared indicator across the teams under this one (province) CODE [period]",
    ),
    "core.cmd.kurva": ("kurva S rencana vs realisasi [program]", "S-curve plan vs actual [program]"),
    "core.cmd.ekspor": ("rekap Excel untuk rapat pleno [periode]", "Excel recap for the plenary [period]"),
    "core.cmd.kendala": (
        "kendala terbuka, yang perlu keputusan dulu [program|OPD]",
        "open obstacles, those needing a decision first [program|org]",
    ),
    "core.cmd.rapat": ("agenda rapat pleno dari data [periode]", "the plenary's agenda from the data [period]"),
    "core.cmd.bahanrapat": (
        "bahan rapat pleno (PowerPoint) [periode]",
        "the plenary meeting's deck (PowerPoint) [period]",
    ),
    "core.cmd.undang": ("buat tautan undangan", "make an invitation link"),
    "core.cmd.anggota": (
        "OPD tim, focal point-nya, dan yang belum terhubung (dengan tombol undangan)",
        "the team's organizations, their focal points, and who is not connected (with invitation buttons)",
    ),
    "core.cmd.undangan": (
        "undangan cetak (PDF, kode QR) untuk OPD tanpa focal point [OPD…]",
        "printable invitations (PDF, QR codes) for organizations without a focal point [ORG…]",
    ),
    "core.cmd.hubungkan": ("hubungkan grup ini dengan tim", "link this group to a team"),
    "core.cmd.kecualikan": ("kecualikan OPD untuk satu periode", "excuse an organization for a period"),
    "core.cmd.batalkecuali": ("cabut pengecualian OPD", "lift an organization's exemption"),
    "core.cmd.buka": ("buka kembali periode terkunci untuk OPD", "reopen a locked period for an organization"),
    "core.cmd.tutup": ("tutup periode untuk tim induk [periode]", "close a period for the parent team [period]"),
    "core.cmd.bukatutup": (
        "buka kembali periode yang ditutup tim anggota [kode periode]",
        "reopen a member team's closed period [code period]",
    ),
    "core.cmd.rencana": (
        "rencana tim (XLSX) dan versinya; kirim kembali untuk mengubah",
        "the team's plan (XLSX) and its versions; send it back to change it",
    ),
    "core.cmd.verifikasi": ("laporan yang menunggu verifikasi", "reports waiting for verification"),
    "core.cmd.bantuan": ("daftar perintah", "list of commands"),
    "core.cmd.bahasa": ("ganti bahasa (Indonesia/English)", "change language (Indonesian/English)"),
    "core.lang.choose": ("Pilih bahasa:", "Choose a language:"),
    "core.lang.set": ("Bahasa diganti ke Bahasa Indonesia.", "Language changed to English."),
    "core.lang.id": ("Bahasa Indonesia", "Bahasa Indonesia"),
    "core.lang.en": ("English", "English"),
    # refusals and errors
    "core.unknown_command": (
        "Perintah {command} tidak dikenal. Ketik /bantuan untuk daftar perintah.",
        "Unknown command {command}. Type /bantuan for the list of commands.",
    ),
    "core.unregistered": (
        "Anda belum terdaftar di Pantau. Minta tautan undangan kepada sekretariat tim Anda.",
        "You are not registered in Pantau. Ask your team's secretariat for an invitation link.",
    ),
    "core.not_allowed": (
        "Maaf, peran Anda tidak mengizinkan perintah ini.",
        "Sorry, your role does not allow this command.",
    ),
    "core.free_text": (
        "Saya belum mengerti pesan ini. Ketik /bantuan untuk daftar perintah.",
        "I did not understand this message. Type /bantuan for the list of commands.",
    ),
    "core.edited_ignored": (
        "✏️ Pesan yang diubah tidak dibaca ulang. Kirim jawaban atau perintahnya sebagai pesan baru.",
        "✏️ Edited messages are not read again. Send the answer or command as a new message.",
    ),
    "core.anonymous_sender": (
        "Pesan ini dikirim atas nama grup atau kanal, jadi Pantau tidak tahu siapa pengirimnya. Matikan "
        "<i>Tetap Anonim</i> di hak admin Anda (atau kirim sebagai diri sendiri), lalu ulangi perintahnya.",
        "This message was sent on behalf of a group or channel, so Pantau cannot tell who sent it. Turn off "
        "<i>Remain anonymous</i> in your admin rights (or send as yourself), then repeat the command.",
    ),
    "core.stale_button": ("Tombol ini sudah tidak berlaku.", "This button is no longer valid."),
    "core.error.generic": (
        "Maaf, terjadi kesalahan di sisi kami. Data Anda aman; silakan coba lagi sebentar lagi.",
        "Sorry, something went wrong on our side. Your data is safe; please try again shortly.",
    ),
    "core.error.admin_alert": (
        "⚠️ Kesalahan di Pantau: <code>{error}</code>\nUpdate: <code>{update}</code>",
        "⚠️ Error in Pantau: <code>{error}</code>\nUpdate: <code>{update}</code>",
    ),
    "core.flood.slow_down": (
        "Anda mengirim terlalu banyak pesan. Tunggu sebentar; pesan berikutnya akan saya proses lagi.",
        "You are sending too many messages. Please wait a moment; I will process your next messages again.",
    ),
    # the terminal sandbox
    "sandbox.welcome": (
        "\nPantau sandbox — tanpa token, tanpa jaringan. Tim: {team}\nBasis data sementara: {db}\n"
        "Foto dan berkas dari bot disimpan di: {files}\n",
        "\nPantau sandbox — no token, no network. Team: {team}\nThrowaway database: {db}\n"
        "Photos and files from the bot are saved in: {files}\n",
    ),
    "sandbox.help": (
        "Ketik pesan atau perintah seperti di Telegram (mis. /bantuan, /lapor). Tombol: ketik nomornya\n"
        "(angka lain dikirim sebagai jawaban; :teks 1 mengirim angka 1 sebagai teks, :tekan 1 menekan tombol 1).\n"
        "  :grup / :pribadi        pindah ke grup tim / chat pribadi\n"
        "  :sebagai PERAN          focal, focal2, focal3, sekretariat, ketua, pemantau\n"
        "  :foto [BERKAS]          kirim foto (contoh bila tanpa berkas)\n"
        "  :dokumen BERKAS         kirim dokumen\n"
        "  :lokasi [LAT LON]       kirim lokasi\n"
        "  :stiker                 kirim stiker\n"
        "  :suara                  kirim pesan suara (mis. untuk kendala)\n"
        "  :waktu [YYYY-MM-DD HH:MM]  lihat/atur jam (waktu tim)\n"
        "  :tick                   jalankan penjadwal pengingat sekarang\n"
        "  :keluar                 selesai",
        "Type messages or commands as in Telegram (e.g. /bantuan, /lapor). Buttons: type their number\n"
        "(other numbers are sent as answers; :text 1 sends 1 as text, :press 1 presses button 1).\n"
        "  :group / :private       switch to the team group / the private chat\n"
        "  :as ROLE                focal, focal2, focal3, sekretariat, ketua, pemantau\n"
        "  :photo [FILE]           send a photo (a sample without a file)\n"
        "  :document FILE          send a document\n"
        "  :location [LAT LON]     send a location\n"
        "  :sticker                send a sticker\n"
        "  :voice                  send a voice note (e.g. for an obstacle)\n"
        "  :time [YYYY-MM-DD HH:MM]  show/set the clock (team time)\n"
        "  :tick                   run the reminder scheduler now\n"
        "  :quit                   leave",
    ),
    "sandbox.chat.private": ("chat pribadi {name}", "private chat of {name}"),
    "sandbox.chat.group": ("grup {title}", "group {title}"),
    "sandbox.where.private": ("chat pribadi", "private chat"),
    "sandbox.where.group": ("grup tim", "team group"),
    "sandbox.edited": (" (diubah)", " (edited)"),
    "sandbox.photo_saved": ("[foto disimpan: {path}]", "[photo saved: {path}]"),
    "sandbox.file_saved": ("[berkas disimpan: {path}]", "[file saved: {path}]"),
    "sandbox.reply_keyboard": ("keyboard: {buttons}", "keyboard: {buttons}"),
    "sandbox.no_such_button": ("Tidak ada tombol {n}; pilih 1–{max}.", "There is no button {n}; choose 1–{max}."),
    "sandbox.no_buttons": ("Belum ada pesan dengan tombol di chat ini.", "No message with buttons in this chat yet."),
    "sandbox.link_button": (
        "Tombol itu membuka tautan (di Telegram: chat pribadi). Ketik :pribadi.",
        "That button opens a link (in Telegram: the private chat). Type :private.",
    ),
    "sandbox.switched": ("Sekarang di {where}.", "Now in the {where}."),
    "sandbox.roles": ("Peran: {roles}.", "Roles: {roles}."),
    "sandbox.now_as": ("Sekarang Anda {name} ({role}).", "You are now {name} ({role})."),
    "sandbox.need_file": ("Sebutkan berkasnya: :dokumen BERKAS", "Name the file: :document FILE"),
    "sandbox.time": ("Waktu tim: {now}", "Team time: {now}"),
    "sandbox.ticked": ("Penjadwal berjalan: {sent} pesan terkirim.", "Scheduler ran: {sent} messages sent."),
    "sandbox.unknown": (
        "Perintah sandbox :{command} tidak dikenal; ketik :bantuan.",
        "Unknown sandbox command :{command}; type :help.",
    ),
    "sandbox.no_plan": ("Rencana {path} tidak ada; pakai --plan BERKAS.", "Plan {path} not found; use --plan FILE."),
}
