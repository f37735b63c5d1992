"""Reads of the Rencana Aksi: one PK's (for its page and printout) and every PK's of an agency-year
(for the monitoring), each next to the monthly data of the linked plan indicators
(``queries.rencana.load_rencana`` measured by ``domain.rencana_aksi.realisasi_bulanan_per_triwulan``).
A fixed number of statements whatever the size of the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from ..domain.capaian import Agregasi
from ..domain.capaian import target_dari_kolom
from ..domain.rencana_aksi import AksiData
from ..domain.rencana_aksi import IndikatorRencanaAksi
from ..domain.rencana_aksi import RealisasiAksi
from ..domain.rencana_aksi import RealisasiIndikator
from ..domain.rencana_aksi import RencanaAksiPK
from ..domain.rencana_aksi import StatusAksi
from ..domain.rencana_aksi import realisasi_bulanan_per_triwulan
from ..domain.rencana_aksi import triwulan_dari_mask
from ..extensions import db_session
from ..models import AksiPK
from ..models import IndikatorPK
from ..models import Jabatan
from ..models import PerjanjianKinerja
from ..models import RealisasiAksiPK
from ..models import RealisasiTriwulanPK
from ..models import RencanaAksi
from ..models import SasaranPK
from ..models import Satuan
from .pk import dokumen_pk
from .pk import load_pk
from .rencana import load_rencana


def get_aksi(aksi_id: int) -> AksiPK | None:
    """An action, or None."""
    return db_session.get(AksiPK, aksi_id)


def get_rencana_aksi(indikator_pk_id: int) -> RencanaAksi | None:
    """The targets-per-triwulan row of a PK indicator, or None while none was saved (one statement)."""
    return db_session.execute(select(RencanaAksi).filter_by(indikator_pk_id=indikator_pk_id)).scalar_one_or_none()


def get_realisasi_aksi(aksi_id: int, triwulan: int) -> RealisasiAksiPK | None:
    """The realisasi of an action in a triwulan, or None (one statement)."""
    return db_session.execute(select(RealisasiAksiPK).filter_by(aksi_id=aksi_id, triwulan=triwulan)
                              ).scalar_one_or_none()


def get_realisasi_triwulan(indikator_pk_id: int, triwulan: int) -> RealisasiTriwulanPK | None:
    """The realisasi of a PK indicator in a triwulan, or None (one statement)."""
    return db_session.execute(select(RealisasiTriwulanPK).filter_by(indikator_pk_id=indikator_pk_id,
                                                                    triwulan=triwulan)).scalar_one_or_none()


def _indikator(ids_pk, *, perangkat_daerah_id: int, tahun_id: int) -> dict[int, list[IndikatorRencanaAksi]]:
    """The Rencana Aksi of every indicator of the PKs selected by ``ids_pk`` (a subquery), per PK:
    six statements, plus the eight of ``load_rencana`` when an indicator is linked to the plan."""
    rows = db_session.execute(
        select(IndikatorPK, Satuan.nama.label("satuan"), SasaranPK.uraian.label("sasaran"))
        .join(Satuan, Satuan.id == IndikatorPK.satuan_id)
        .join(SasaranPK, SasaranPK.id == IndikatorPK.sasaran_pk_id)
        .where(IndikatorPK.pk_id.in_(ids_pk))
        .order_by(IndikatorPK.pk_id, SasaranPK.urutan, SasaranPK.id, IndikatorPK.urutan, IndikatorPK.id)
    ).all()
    ids_ind = select(IndikatorPK.id).where(IndikatorPK.pk_id.in_(ids_pk))
    rencana = {r.indikator_pk_id: r for r in db_session.execute(
        select(RencanaAksi).where(RencanaAksi.indikator_pk_id.in_(ids_ind))).scalars()}
    aksi_rows = db_session.execute(select(AksiPK).where(AksiPK.indikator_pk_id.in_(ids_ind))
                                   .order_by(AksiPK.urutan, AksiPK.id)).scalars().all()
    real_aksi: dict[int, dict[int, RealisasiAksi]] = {}
    for r in db_session.execute(select(RealisasiAksiPK).join(AksiPK, AksiPK.id == RealisasiAksiPK.aksi_id)
                                .where(AksiPK.indikator_pk_id.in_(ids_ind))).scalars():
        real_aksi.setdefault(r.aksi_id, {})[r.triwulan] = RealisasiAksi(
            status=StatusAksi(r.status), keterangan=r.keterangan, tautan_bukti=r.tautan_bukti, versi=r.version)
    real_ind: dict[int, dict[int, RealisasiIndikator]] = {}
    for r in db_session.execute(select(RealisasiTriwulanPK).where(
            RealisasiTriwulanPK.indikator_pk_id.in_(ids_ind))).scalars():
        real_ind.setdefault(r.indikator_pk_id, {})[r.triwulan] = RealisasiIndikator(
            nilai=r.realisasi, keterangan=r.keterangan, versi=r.version)
    aksi: dict[int, list[AksiData]] = {}
    for a in aksi_rows:
        aksi.setdefault(a.indikator_pk_id, []).append(AksiData(
            id=a.id, uraian=a.uraian, triwulan=triwulan_dari_mask(a.triwulan), output=a.output,
            penanggung_jawab=a.penanggung_jawab, realisasi=real_aksi.get(a.id, {}), versi=a.version))
    tertaut = {r.IndikatorPK.indikator_id for r in rows if r.IndikatorPK.indikator_id is not None}
    bulanan, agregasi_rencana = {}, {}
    if tertaut:
        data = load_rencana(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
        bulanan = realisasi_bulanan_per_triwulan(data, tertaut)
        agregasi_rencana = {i.id: i.agregasi for i in data.indikator if i.id in tertaut}
    hasil: dict[int, list[IndikatorRencanaAksi]] = {}
    for r in rows:
        i, ra = r.IndikatorPK, rencana.get(r.IndikatorPK.id)
        dari_rencana = i.indikator_id in agregasi_rencana
        agregasi = agregasi_rencana[i.indikator_id] if dari_rencana else Agregasi(
            ra.agregasi if ra is not None and ra.agregasi else Agregasi.KUMULATIF.value)
        target = {1: None, 2: None, 3: None, 4: None} if ra is None else {
            1: ra.target_tw1, 2: ra.target_tw2, 3: ra.target_tw3, 4: ra.target_tw4}
        hasil.setdefault(i.pk_id, []).append(IndikatorRencanaAksi(
            id=i.id, sasaran=r.sasaran, uraian=i.uraian, satuan=r.satuan,
            target_tahunan=target_dari_kolom(i.target_nilai, i.target_atas), agregasi=agregasi,
            agregasi_dari_rencana=dari_rencana, target=target, aksi=tuple(aksi.get(i.id, ())),
            realisasi=real_ind.get(i.id, {}), bulanan=bulanan.get(i.indikator_id, {}),
            indikator_rencana_id=i.indikator_id, versi_target=ra.version if ra is not None else 0))
    return hasil


def load_rencana_aksi(pk: PerjanjianKinerja, *, tempat: str, nama_daerah: str, tanggal_cetak: date) -> RencanaAksiPK:
    """The Rencana Aksi of one PK with its realisasi and the monthly data beside it, and the PK's
    parties as signers (about 11 statements, 19 when an indicator is linked to the plan).

    :param pk: the PK.
    :param tempat: the place above the signatures.
    :param nama_daerah: the region (the Bupati's default title).
    :param tanggal_cetak: the date printed under the signatures.
    :return: the Rencana Aksi.
    """
    isi = load_pk(pk)
    dok = dokumen_pk(isi, tempat=tempat, nama_daerah=nama_daerah, tanggal_cetak=tanggal_cetak)
    indikator = _indikator(select(PerjanjianKinerja.id).where(PerjanjianKinerja.id == pk.id),
                           perangkat_daerah_id=isi.perangkat_daerah_id, tahun_id=isi.tahun_id)
    return RencanaAksiPK(pk_id=pk.id, tahun=isi.tahun, perangkat_daerah=isi.perangkat_daerah, jabatan=isi.jabatan.nama,
                         unit_kerja_id=isi.jabatan.unit_kerja_id, indikator=tuple(indikator.get(pk.id, ())),
                         pihak_pertama=dok.pihak_pertama, pihak_kedua=dok.pihak_kedua, tempat=tempat,
                         tanggal=tanggal_cetak)


def load_monitoring(*, perangkat_daerah_id: int, tahun_id: int, tahun: int, perangkat_daerah: str,
                    jabatan_terlihat: Sequence[int] | None = None) -> list[RencanaAksiPK]:
    """The Rencana Aksi of every PK of an agency-year, in the order of the positions (a fixed number
    of statements).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param tahun: the year number.
    :param perangkat_daerah: the agency's name.
    :param jabatan_terlihat: limit to these positions (None: all).
    :return: one Rencana Aksi per PK.
    """
    query = (select(PerjanjianKinerja.id, Jabatan.id.label("jabatan_id"), Jabatan.nama, Jabatan.unit_kerja_id)
             .join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
             .where(Jabatan.perangkat_daerah_id == perangkat_daerah_id, Jabatan.tahun_id == tahun_id)
             .order_by(Jabatan.parent_id.is_not(None), Jabatan.urutan, Jabatan.nama))
    pks = [r for r in db_session.execute(query).all()
           if jabatan_terlihat is None or r.jabatan_id in jabatan_terlihat]
    ids_pk = (select(PerjanjianKinerja.id).join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
              .where(Jabatan.perangkat_daerah_id == perangkat_daerah_id, Jabatan.tahun_id == tahun_id))
    indikator = _indikator(ids_pk, perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
    return [RencanaAksiPK(pk_id=r.id, tahun=tahun, perangkat_daerah=perangkat_daerah, jabatan=r.nama,
                          unit_kerja_id=r.unit_kerja_id, indikator=tuple(indikator.get(r.id, ())))
            for r in pks]
